/** Loading, an error with a retry button, or an empty note: a page is never blank. */
Component({
  properties: { loading: Boolean, error: String, empty: String },
  methods: {
    onRetry() { this.triggerEvent('retry') },
  },
})

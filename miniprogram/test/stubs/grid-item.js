Component({ properties: { text: String, icon: String }, methods: { onTap() { this.triggerEvent('tap', {}) } } })

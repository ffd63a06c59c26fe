/** Test stand-in for TDesign's t-button: its slot, and tap re-emitted unless disabled. */
Component({ properties: { theme: String, variant: String, size: String, block: Boolean, disabled: Boolean }, methods: { onTap() { if (!this.data.disabled) this.triggerEvent('tap', {}) } } })

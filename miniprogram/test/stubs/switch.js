Component({ properties: { value: Boolean, disabled: Boolean }, methods: { onTap() { if (!this.data.disabled) this.triggerEvent('change', { value: !this.data.value }) } } })

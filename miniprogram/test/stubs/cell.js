/** Test stand-in for TDesign's t-cell: title, note, description; click on tap. */
Component({ properties: { title: String, note: String, description: String, hover: Boolean, arrow: Boolean }, methods: { onTap() { this.triggerEvent('click', {}) } } })

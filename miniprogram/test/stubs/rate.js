Component({ properties: { value: Number, count: Number, size: String } })

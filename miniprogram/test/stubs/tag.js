Component({ properties: { theme: String, variant: String, size: String } })

Component({ properties: { column: Number } })

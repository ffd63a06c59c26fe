/** One news article (the server sanitises its HTML). */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const format = require('../../utils/format')

Component({
  behaviors: [pageBehavior],
  data: { id: 0, article: null, date: '' },
  methods: {
    onLoad(query) { this.setData({ id: Number(query.id) }); this.refresh() },
    async refresh() {
      const article = await this.load(() => api.call('article', { params: { id: this.data.id } }))
      if (article) this.setData({ article, date: format.day(article.published_at) })
    },
  },
})

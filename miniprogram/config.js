/** The one place to set the server: the commission's HTTPS domain (also added in the WeChat admin console as a
 * "request legal domain", 服务器域名). The tests point it at their own server. */
module.exports = {
  apiBase: 'https://volunteer.example.gov.cn',
  cityCode: '371600', // the city whose counties the region picker offers (滨州市)
  cityCentre: { latitude: 37.3813, longitude: 117.9768 }, // GCJ-02, used when the location is refused
  corpsName: '滨州市卫生健康志愿服务总队',
  corpsSlogan: '健康志愿 · 就在身边',
}

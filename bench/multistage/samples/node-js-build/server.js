// Edge router: forwards each request to the backend of the longest matching prefix.
// `--once` prints how a few sample paths would be routed and exits.
const http = require("http");
const routes = require("./build/routes.json");

function route(url) {
  return routes.find((r) => url.startsWith(r.prefix));
}

if (process.argv.includes("--once")) {
  console.log(`${routes.length} routes loaded`);
  for (const url of ["/api/v2/users", "/api/health", "/static/app.css", "/login"]) {
    const r = route(url);
    console.log(`${url.padEnd(16)} -> ${r.backend} (timeout ${r.timeout}, ${r.source})`);
  }
} else {
  const port = Number(process.env.PORT || 3000);
  http
    .createServer((req, res) => {
      const r = route(req.url);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ path: req.url, backend: r && r.backend }));
    })
    .listen(port, () => console.log(`edge-router listening on ${port}`));
}

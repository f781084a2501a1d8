// Status page: static files from public/ plus a small JSON API.
// `--self-check` starts on a free port, requests a few URLs, prints what came back and exits.
const express = require("express");
const http = require("http");
const path = require("path");

const manifest = require("./public/asset-manifest.json");

const app = express();
app.use(express.static(path.join(__dirname, "public"), { etag: false, lastModified: false }));
app.get("/api/status", (req, res) => {
  res.json({
    services: [
      { name: "api", state: "up" },
      { name: "database", state: "up" },
      { name: "mail", state: "degraded" },
    ],
  });
});

function get(port, url) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: url }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"], body }));
      })
      .on("error", reject);
  });
}

async function selfCheck() {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address();
  let failed = 0;
  for (const url of ["/", "/css/status.css", "/status.js", "/api/status", "/missing.png"]) {
    const r = await get(port, url);
    const asset = manifest[url === "/" ? "/index.html" : url];
    const note = asset ? `hash ${asset.hash}` : url.startsWith("/api/") ? r.body : "";
    if (r.status !== (url === "/missing.png" ? 404 : 200)) failed++;
    console.log(`${r.status} ${url.padEnd(16)} ${(r.type || "").split(";")[0].padEnd(24)} ${Buffer.byteLength(r.body)} bytes ${note}`.trimEnd());
  }
  server.close();
  console.log(failed ? `self-check FAILED (${failed})` : "self-check ok");
  process.exitCode = failed ? 1 : 0;
}

if (process.argv.includes("--self-check")) {
  selfCheck();
} else {
  const port = Number(process.env.PORT || 8080);
  app.listen(port, () => console.log(`status page on :${port}`));
}

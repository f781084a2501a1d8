// Writes public/asset-manifest.json: every asset with its size and a short content hash,
// used by the server for cache headers.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const publicDir = path.join(__dirname, "..", "public");

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

const manifest = {};
for (const file of walk(publicDir).sort()) {
  const rel = "/" + path.relative(publicDir, file).split(path.sep).join("/");
  if (rel === "/asset-manifest.json") continue;
  const body = fs.readFileSync(file);
  manifest[rel] = { size: body.length, hash: crypto.createHash("sha256").update(body).digest("hex").slice(0, 12) };
}
fs.writeFileSync(path.join(publicDir, "asset-manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`manifest: ${Object.keys(manifest).length} assets`);

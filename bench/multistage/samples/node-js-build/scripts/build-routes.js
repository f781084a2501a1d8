// Compiles routes/*.yml into build/routes.json, longest prefix first, so that the server
// starts without parsing YAML.
const fs = require("fs");
const path = require("path");
const yaml = require("js-yaml");

const root = path.join(__dirname, "..");
const routes = [];
for (const file of fs.readdirSync(path.join(root, "routes")).sort()) {
  if (!file.endsWith(".yml")) continue;
  for (const route of yaml.load(fs.readFileSync(path.join(root, "routes", file), "utf8"))) {
    routes.push({ ...route, source: file });
  }
}
routes.sort((a, b) => b.prefix.length - a.prefix.length || a.prefix.localeCompare(b.prefix));
fs.mkdirSync(path.join(root, "build"), { recursive: true });
fs.writeFileSync(path.join(root, "build", "routes.json"), JSON.stringify(routes, null, 2) + "\n");
console.log(`compiled ${routes.length} routes`);

const routes = require("./routes/health");
console.log(routes.health());

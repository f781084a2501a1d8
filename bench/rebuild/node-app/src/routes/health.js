exports.health = () => "ok";

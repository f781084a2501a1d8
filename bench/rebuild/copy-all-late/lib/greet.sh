greet() { echo hello; }

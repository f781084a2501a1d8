fetch("/api/status")
  .then((r) => r.json())
  .then((status) => {
    const list = document.getElementById("services");
    for (const s of status.services) {
      const li = document.createElement("li");
      li.textContent = `${s.name}: ${s.state}`;
      if (s.state !== "up") li.className = "down";
      list.appendChild(li);
    }
  });

// Supervisors' team page: the live queue, the agents online and their
// load, from GET /api/v1/supervision, reloaded when the stream says a
// ticket changed (and every 20 s for presence). Text only via textContent.
"use strict";

(function () {
  var G = window.GuichetConsole;
  var $ = G.$, el = G.el, api = G.api, frenchError = G.frenchError, duration = G.duration;

  function cell(tr, text, cls) { tr.appendChild(el("td", cls || "", text)); }

  function render(d) {
    var q = d.queue;
    $("fig-waiting").textContent = q.waiting;
    $("fig-priority").textContent = q.priority_waiting;
    $("fig-oldest").textContent = q.waiting ? duration(q.oldest_wait_seconds) : "–";
    $("fig-assigned").textContent = q.assigned;
    $("fig-online").textContent = q.agents_online;
    var body = $("agents-body");
    body.textContent = "";
    d.agents.forEach(function (a) {
      var tr = el("tr");
      tr.dataset.agent = a.name;
      cell(tr, a.display_name + (a.role === "supervisor" ? " (superviseur)" : ""));
      cell(tr, a.online ? "En ligne" : (a.last_seen ? "Absent·e depuis " + G.since(a.last_seen) : "Absent·e"), a.online ? "online" : "offline");
      cell(tr, String(a.assigned));
      cell(tr, String(a.priority_assigned));
      body.appendChild(tr);
    });
    var wb = $("waiting-body");
    wb.textContent = "";
    d.waiting.forEach(function (t) {
      var tr = el("tr", t.priority ? "priority" : "");
      cell(tr, String(t.position));
      cell(tr, (t.priority ? "Incident · " : "") + (t.headline || t.summary || "(sans résumé)"));
      cell(tr, G.CHANNELS[t.conversation.channel] || t.conversation.channel);
      cell(tr, duration(t.wait_seconds));
      wb.appendChild(tr);
    });
    $("waiting-empty").hidden = d.waiting.length > 0;
  }

  var loading = false, again = false;
  function load() {
    if (loading) { again = true; return; }
    loading = true;
    api("GET", "/api/v1/supervision").then(function (r) {
      loading = false;
      if (!r.ok) { $("live").textContent = frenchError(r.data.error); return; }
      render(r.data);
      if (again) { again = false; load(); }
    });
  }

  var src = new EventSource("/api/v1/stream");
  src.addEventListener("hello", function () {
    $("live").textContent = "Mises à jour en direct";
    $("live").className = "live ok";
    load();
  });
  src.addEventListener("ticket", load);
  src.addEventListener("resync", load);
  src.onerror = function () {
    $("live").textContent = "Connexion perdue, reconnexion…";
    $("live").className = "live down";
  };
  setInterval(load, 20000);
})();

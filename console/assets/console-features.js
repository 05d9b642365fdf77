// Agent console: search, labels, internal notes, transfer, the person's
// earlier requests and the citizen's typing indicator. It works on the
// shared state of console.js through window.GuichetConsole. Text only via
// textContent.
"use strict";

(function () {
  var G = window.GuichetConsole;
  var me = G.me, state = G.state;
  var $ = G.$, el = G.el, api = G.api, frenchError = G.frenchError, clock = G.clock;
  var showAlert = G.showAlert;

  function ticketPath(suffix) { return "/api/v1/tickets/" + encodeURIComponent(state.current.id) + suffix; }

  function open(t) {
    return function () { G.openTicket(t.id); };
  }

  // --- Search ------------------------------------------------------------

  var WHERE = { headline: "demande", field: "informations recueillies", label: "étiquette", note: "note interne",
    ticket: "identifiant", transcript: "conversation" };

  function search(q) {
    $("search-results").hidden = false;
    $("search-status").textContent = "Recherche…";
    $("search-list").textContent = "";
    api("GET", "/api/v1/search?q=" + encodeURIComponent(q)).then(function (r) {
      if (!r.ok) { $("search-status").textContent = frenchError(r.data.error); return; }
      var n = r.data.results.length;
      $("search-status").textContent = n === 0 ? "Aucune demande ne correspond." : n + (n > 1 ? " demandes trouvées." : " demande trouvée.");
      r.data.results.forEach(function (h) {
        var t = h.ticket, li = el("li"), b = el("button", "ticket-item" + (t.priority ? " priority" : ""));
        b.type = "button";
        b.dataset.id = t.id;
        var l1 = el("span", "line1");
        l1.appendChild(el("span", "", (G.CHANNELS[t.conversation.channel] || t.conversation.channel) + " · " + (G.STATUSES[t.status] || t.status)));
        l1.appendChild(el("span", "", clock(t.created)));
        b.appendChild(l1);
        b.appendChild(el("span", "summary", t.headline || t.summary || "(sans résumé)"));
        b.appendChild(el("span", "match", (WHERE[h.where] || h.where) + " : " + h.text));
        b.addEventListener("click", open(t));
        li.appendChild(b);
        $("search-list").appendChild(li);
      });
    });
  }

  $("search-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = $("search").value.trim();
    if (q.length < 2) { $("search-results").hidden = false; $("search-status").textContent = "Saisissez au moins 2 caractères."; return; }
    search(q);
  });
  $("search-close").addEventListener("click", function () {
    $("search-results").hidden = true;
    $("search").value = "";
    $("search").focus();
  });

  // --- Labels ------------------------------------------------------------

  function renderLabels(t) {
    var ul = $("labels");
    ul.textContent = "";
    (t.labels || []).forEach(function (l) {
      var li = el("li", "label");
      li.appendChild(el("span", "", l));
      var x = el("button", "label-remove", "×");
      x.type = "button";
      x.setAttribute("aria-label", "Retirer l'étiquette " + l);
      x.addEventListener("click", function () {
        setLabels((state.current.labels || []).filter(function (o) { return o !== l; }));
      });
      li.appendChild(x);
      ul.appendChild(li);
    });
    if (!(t.labels || []).length) ul.appendChild(el("li", "hint", "Aucune étiquette."));
  }

  function setLabels(labels) {
    return api("PUT", ticketPath("/labels"), { labels: labels }).then(function (r) {
      if (!r.ok) { showAlert(frenchError(r.data.error)); return; }
      state.current.labels = r.data.ticket.labels;
      state.current.version = r.data.ticket.version;
      renderLabels(state.current);
    });
  }

  $("label-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var v = $("label-input").value.trim();
    if (!v) { $("label-input").focus(); return; }
    setLabels((state.current.labels || []).concat([v])).then(function () { $("label-input").value = ""; });
  });

  // --- Notes -------------------------------------------------------------

  function renderNotes(notes) {
    var ol = $("notes");
    ol.textContent = "";
    notes.forEach(function (n) {
      var li = el("li", "note");
      li.appendChild(el("span", "who", n.author + " · " + clock(n.time)));
      li.appendChild(el("span", "text", n.text));
      ol.appendChild(li);
    });
    if (!notes.length) ol.appendChild(el("li", "hint", "Aucune note."));
  }

  $("note-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("note-input").value.trim();
    if (!text) { showAlert("Écrivez la note avant de l'ajouter."); $("note-input").focus(); return; }
    api("POST", ticketPath("/notes"), { text: text }).then(function (r) {
      if (!r.ok) { showAlert(frenchError(r.data.error)); return; }
      var notes = state.current.context.notes = (state.current.context.notes || []).concat([r.data.note]);
      $("note-input").value = "";
      renderNotes(notes);
    });
  });

  // --- Transfer ----------------------------------------------------------

  function loadAgents(t) {
    var sel = $("transfer-agent");
    var mine = t.status === "assigned" && t.agent === me.name;
    var sup = me.role === "supervisor";
    $("transfer-block").hidden = !((t.status === "assigned" && (mine || sup)) || (t.status === "waiting" && sup));
    if ($("transfer-block").hidden) return;
    api("GET", "/api/v1/agents").then(function (r) {
      if (!r.ok) return;
      sel.textContent = "";
      r.data.agents.forEach(function (a) {
        if (a.name === t.agent) return;
        var o = el("option", "", a.display_name + (a.online ? " · en ligne" : " · absent·e") + " · " + a.assigned + " en cours");
        o.value = a.name;
        // a ticket given to an absent colleague would go back to the queue
        o.disabled = !a.online;
        sel.appendChild(o);
      });
    });
  }

  // who is online changes: read it again when the agent goes to the list
  $("transfer-agent").addEventListener("focus", function () { if (state.current) loadAgents(state.current); });

  $("transfer-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var who = $("transfer-agent").value;
    if (!who) { showAlert("Aucun collègue en ligne à qui transférer la demande."); return; }
    var label = $("transfer-agent").selectedOptions[0].textContent.split(" · ")[0];
    api("POST", ticketPath("/transfer"), { agent: who }).then(function (r) {
      if (!r.ok) { showAlert(frenchError(r.data.error)); return; }
      G.openTicket(r.data.ticket.id, true).then(function () { showAlert("Demande transférée à " + label + ".", "success"); });
    });
  });

  // --- History -----------------------------------------------------------

  function loadHistory(t) {
    var ul = $("history");
    ul.textContent = "";
    api("GET", ticketPath("/history")).then(function (r) {
      if (!r.ok || !state.current || state.current.id !== t.id) return;
      r.data.tickets.forEach(function (o) {
        var li = el("li");
        var b = el("button", "link-btn", clock(o.created) + " · " + (o.headline || o.summary || "(sans résumé)"));
        b.type = "button";
        b.addEventListener("click", open(o));
        li.appendChild(b);
        var meta = [G.STATUSES[o.status] || o.status];
        if (o.resolution) meta.push(o.resolution);
        if (o.agent_name) meta.push(o.agent_name);
        if (o.notes) meta.push(o.notes + (o.notes > 1 ? " notes" : " note"));
        li.appendChild(el("span", "hint", " " + meta.join(" · ")));
        ul.appendChild(li);
      });
      if (!r.data.tickets.length) ul.appendChild(el("li", "hint", "Aucune autre demande."));
    });
  }

  // --- Typing ------------------------------------------------------------

  var typingTimer = null;
  G.onTyping = function (d) {
    if (!state.current || d.conv !== state.current.conversation.id) return;
    clearTimeout(typingTimer);
    $("typing").textContent = d.on ? "L'usager est en train d'écrire…" : "";
    // a lost "stopped" notice must not leave the indicator on
    if (d.on) typingTimer = setTimeout(function () { $("typing").textContent = ""; }, 10000);
  };

  G.onTicket = function (t) {
    renderLabels(t);
    renderNotes(t.context.notes || []);
    loadAgents(t);
    loadHistory(t);
    $("typing").textContent = "";
  };
})();

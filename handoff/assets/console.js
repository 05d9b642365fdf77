// Agent console: plain JavaScript over the JSON API (/api/v1/) and its
// Server-Sent Events stream. Citizen text is only ever inserted with
// textContent, never as HTML.
"use strict";

(function () {
  var body = document.body;
  var me = { name: body.dataset.agent, role: body.dataset.role, csrf: body.dataset.csrf };
  var state = { tab: "waiting", tickets: {}, order: [], current: null, lastSeq: 0, source: null, streamConv: "" };

  var REASONS = {
    explicit_request: "Demande explicite d'un conseiller",
    low_confidence: "Assistant peu sûr de sa réponse",
    entry_action: "Démarche nécessitant un conseiller",
    incident: "Signalement d'incident",
    repeated_fallback: "Incompréhensions répétées"
  };
  var STATUSES = {
    waiting: "En attente", assigned: "Pris en charge", resolved: "Résolu",
    returned: "Rendu à l'assistant", abandoned: "Abandonné"
  };
  var CHANNELS = { web: "Site web", messenger: "Messenger", cli: "Terminal" };
  var ROLES = { user: "Usager", bot: "Assistant", agent: "Conseiller", system: "Information" };

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // --- API -------------------------------------------------------------

  function api(method, path, payload) {
    var opts = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (method !== "GET") {
      opts.headers["X-CSRF-Token"] = me.csrf;
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(payload || {});
    }
    return fetch(path, opts).then(function (res) {
      if (res.status === 401) { window.location.href = "/console/login"; }
      return res.json().catch(function () { return {}; }).then(function (data) {
        return { ok: res.ok, status: res.status, data: data };
      });
    }, function () {
      return { ok: false, status: 0, data: { error: { code: "network", message: "network error" } } };
    });
  }

  // frenchError turns an API error into a sentence for the agent.
  function frenchError(err) {
    var code = err && err.code, msg = err && err.message;
    switch (code) {
      case "already_claimed": return "Cette demande vient d'être prise en charge par un autre conseiller.";
      case "not_your_ticket": return "Cette demande ne vous est pas (ou plus) assignée : prenez-la en charge d'abord.";
      case "channel_refused": return "Message refusé par le canal de l'usager : la fenêtre de réponse est fermée ou l'usager ne peut plus être joint. Votre message n'a pas été envoyé. (" + msg + ")";
      case "delivery_failed": return "Message enregistré mais pas encore remis à l'usager : le canal ne répond pas. (" + msg + ")";
      case "wrong_status": return "Action impossible : la demande a changé d'état entre-temps.";
      case "queue_empty": return "Aucune demande en attente.";
      case "csrf": return "Votre session a expiré : rechargez la page.";
      case "network": return "Le serveur ne répond pas. Vérifiez votre connexion et réessayez.";
      case "invalid_request": return "Requête refusée : " + msg;
      case "not_found": return "Introuvable : " + msg;
      default: return "Erreur : " + (msg || "inconnue");
    }
  }

  function showAlert(text, kind) {
    var a = $("ticket-alert");
    a.className = "fr-alert fr-alert--" + (kind || "error");
    a.textContent = text;
    a.hidden = false;
  }

  function clearAlert() { $("ticket-alert").hidden = true; }

  // --- Time ------------------------------------------------------------

  function since(iso) {
    var s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return duration(s);
  }

  function duration(s) {
    if (s < 60) return "moins d'une minute";
    var m = Math.floor(s / 60);
    if (m < 60) return m + " min";
    var h = Math.floor(m / 60);
    if (h < 48) return h + " h " + String(m % 60).padStart(2, "0");
    return Math.floor(h / 24) + " j " + (h % 24) + " h";
  }

  function clock(iso) {
    var d = new Date(iso);
    return d.toLocaleString("fr-FR", { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });
  }

  // --- Queue -----------------------------------------------------------

  function listURL() {
    if (state.tab === "mine") return "/api/v1/tickets?status=assigned&mine=true";
    return "/api/v1/tickets?status=" + state.tab + "&limit=200";
  }

  function loadList() {
    return api("GET", listURL()).then(function (r) {
      if (!r.ok) { $("live").textContent = frenchError(r.data.error); return; }
      state.tickets = {};
      state.order = [];
      r.data.tickets.forEach(function (t) { state.tickets[t.id] = t; state.order.push(t.id); });
      $("count-waiting").textContent = r.data.counts.waiting || 0;
      $("count-assigned").textContent = r.data.counts.assigned || 0;
      renderList();
      refreshMineCount();
    });
  }

  function refreshMineCount() {
    api("GET", "/api/v1/tickets?status=assigned&mine=true").then(function (r) {
      if (r.ok) $("count-mine").textContent = r.data.total;
    });
  }

  function belongs(t) {
    if (state.tab === "mine") return t.status === "assigned" && t.agent === me.name;
    return t.status === state.tab;
  }

  function renderList() {
    var ul = $("queue-list");
    ul.textContent = "";
    var shown = state.order.filter(function (id) { return state.tickets[id] && belongs(state.tickets[id]); });
    shown.forEach(function (id) { ul.appendChild(renderItem(state.tickets[id])); });
    $("queue-empty").hidden = shown.length > 0;
  }

  function renderItem(t) {
    var li = el("li");
    var b = el("button", "ticket-item" + (t.priority ? " priority" : ""));
    b.type = "button";
    b.dataset.id = t.id;
    if (state.current && state.current.id === t.id) b.setAttribute("aria-current", "true");
    var l1 = el("span", "line1");
    var left = el("span");
    if (t.priority) left.appendChild(el("span", "badge badge--priority", "Incident"));
    left.appendChild(document.createTextNode(" " + (CHANNELS[t.conversation.channel] || t.conversation.channel)));
    if (t.position) left.appendChild(document.createTextNode(" · n° " + t.position));
    l1.appendChild(left);
    l1.appendChild(el("span", "", t.status === "waiting" ? "attend depuis " + since(t.created) : (STATUSES[t.status] || t.status)));
    b.appendChild(l1);
    b.appendChild(el("span", "summary", t.summary || "(sans résumé)"));
    var l3 = el("span", "line1");
    l3.appendChild(el("span", "", REASONS[t.reason] || t.reason));
    if (t.agent_name) l3.appendChild(el("span", "", t.agent_name));
    b.appendChild(l3);
    b.addEventListener("click", function () { openTicket(t.id); });
    li.appendChild(b);
    return li;
  }

  // upsert applies a ticket summary from the stream, keeping the newest.
  function upsert(t) {
    var old = state.tickets[t.id];
    if (old && old.version > t.version) return;
    if (!old) state.order.push(t.id);
    state.tickets[t.id] = t;
    if (state.tab === "waiting") {
      state.order.sort(function (a, b) {
        var x = state.tickets[a], y = state.tickets[b];
        if (x.priority !== y.priority) return x.priority ? -1 : 1;
        return Date.parse(x.created) - Date.parse(y.created);
      });
    }
    renderList();
    if (state.current && state.current.id === t.id) {
      var statusChanged = state.current.status !== t.status || state.current.agent !== t.agent;
      Object.assign(state.current, t);
      renderHead();
      if (statusChanged) openTicket(t.id, true);
    }
  }

  // --- Ticket ----------------------------------------------------------

  function openTicket(id, keepFocus) {
    return api("GET", "/api/v1/tickets/" + encodeURIComponent(id)).then(function (r) {
      if (!r.ok) { showAlert(frenchError(r.data.error)); return; }
      state.current = r.data;
      $("placeholder").hidden = true;
      $("ticket").hidden = false;
      if (!keepFocus) clearAlert();
      renderHead();
      renderContext();
      renderTranscript(r.data.context.transcript, true);
      renderList();
      watch(r.data.conversation.id);
      if (!keepFocus) $("ticket-title").focus();
    });
  }

  function renderHead() {
    var t = state.current;
    $("ticket-title").textContent = (t.priority ? "Incident · " : "") + (t.summary || "Demande " + t.id.slice(0, 8));
    $("ticket-title").setAttribute("tabindex", "-1");
    var meta = [STATUSES[t.status] || t.status, CHANNELS[t.conversation.channel] || t.conversation.channel,
      "conversation " + t.conversation.id, "demande " + t.id.slice(0, 8)];
    if (t.agent_name) meta.push("conseiller : " + t.agent_name);
    $("ticket-meta").textContent = meta.join(" · ");
    var mine = t.status === "assigned" && t.agent === me.name;
    var sup = me.role === "supervisor";
    $("btn-claim").hidden = t.status !== "waiting";
    $("btn-release").hidden = !(t.status === "assigned" && (mine || sup));
    $("btn-return").hidden = !((t.status === "assigned" && (mine || sup)) || (t.status === "waiting" && sup));
    $("resolve-form").hidden = $("btn-return").hidden;
    $("reply-form").hidden = !mine;
  }

  function renderContext() {
    var t = state.current, c = t.context, dl = $("context");
    dl.textContent = "";
    function row(label, value, cls) {
      dl.appendChild(el("dt", "", label));
      dl.appendChild(el("dd", cls || "", value));
    }
    row("Motif", REASONS[t.reason] || t.reason);
    row("Canal", (CHANNELS[t.conversation.channel] || t.conversation.channel) + " · " + t.conversation.subject);
    if (t.status === "waiting") row("Attente", since(t.created) + (t.position ? " · position " + t.position : ""));
    else if (t.wait_seconds) row("A attendu", duration(t.wait_seconds));
    row("Dernier message de l'usager", "il y a " + since(t.activity));
    if (c.window) {
      if (c.window.error) row("Fenêtre Messenger", "inconnue (" + c.window.error + ")");
      else if (!c.window.open) row("Fenêtre Messenger", "fermée : plus aucune réponse possible", "window-low");
      else row("Fenêtre Messenger", duration(c.window.seconds_left) + " restantes", c.window.seconds_left < 3600 ? "window-low" : "");
    }
    if (c.last_entry) row("Dernière réponse de l'assistant", c.last_entry.title || c.last_entry.id);
    row("Choix de l'usager", c.choices.length ? c.choices.join(" → ") : "aucun");
    Object.keys(c.fields || {}).sort().forEach(function (k) { row(k, c.fields[k]); });
    if (t.resolution) row("Motif de clôture", t.resolution);
    renderCandidates(c.candidates);
  }

  function renderCandidates(cands) {
    var ul = $("candidates");
    ul.textContent = "";
    if (!cands.length) { ul.appendChild(el("li", "", "Aucune proposition.")); return; }
    var mine = state.current.status === "assigned" && state.current.agent === me.name;
    cands.forEach(function (c) {
      var li = el("li");
      li.appendChild(el("span", "conf", Math.round(c.confidence * 100) + " %"));
      li.appendChild(el("strong", "", c.title || c.entry));
      if (c.answer) {
        var d = el("details");
        d.appendChild(el("summary", "", "Voir la réponse"));
        d.appendChild(el("div", "", c.answer));
        li.appendChild(d);
        if (mine) {
          var btns = el("div", "btns");
          var send = el("button", "fr-btn fr-btn--sm", "Envoyer cette réponse");
          send.type = "button";
          send.addEventListener("click", function () { sendReply({ entry: c.entry }); });
          var ins = el("button", "fr-btn fr-btn--sm fr-btn--secondary", "Modifier avant envoi");
          ins.type = "button";
          ins.addEventListener("click", function () { $("reply").value = c.answer; $("reply").focus(); });
          btns.appendChild(send);
          btns.appendChild(ins);
          li.appendChild(btns);
        }
      }
      ul.appendChild(li);
    });
  }

  function renderTranscript(events, reset) {
    var ol = $("transcript");
    if (reset) { ol.textContent = ""; state.lastSeq = 0; }
    events.forEach(function (ev) {
      if (ev.seq <= state.lastSeq) return;
      state.lastSeq = ev.seq;
      var li = el("li", ev.role);
      li.dataset.seq = ev.seq;
      var who = ROLES[ev.role] || ev.role;
      if (ev.role === "agent" && ev.author) who = ev.author;
      li.appendChild(el("span", "who", who + " · " + clock(ev.time)));
      li.appendChild(el("span", "text", ev.text));
      ol.appendChild(li);
    });
    ol.scrollTop = ol.scrollHeight;
  }

  function catchUp() {
    if (!state.current) return;
    var id = state.current.id;
    api("GET", "/api/v1/tickets/" + encodeURIComponent(id) + "/events?after=" + state.lastSeq).then(function (r) {
      if (r.ok && state.current && state.current.id === id) renderTranscript(r.data.events, false);
    });
  }

  // --- Actions ---------------------------------------------------------

  function act(path, payload, okText) {
    var id = state.current.id;
    return api("POST", "/api/v1/tickets/" + encodeURIComponent(id) + "/" + path, payload).then(function (r) {
      if (!r.ok) { showAlert(frenchError(r.data.error)); return r; }
      upsert(r.data.ticket);
      return openTicket(id, true).then(function () { showAlert(okText, "success"); return r; });
    });
  }

  function sendReply(payload) {
    var btn = $("btn-send");
    btn.disabled = true;
    return api("POST", "/api/v1/tickets/" + encodeURIComponent(state.current.id) + "/messages", payload).then(function (r) {
      btn.disabled = false;
      if (r.status === 201 || r.status === 202) {
        renderTranscript([r.data.event], false);
        if (payload.text !== undefined) $("reply").value = "";
        if (r.status === 202) showAlert(frenchError(r.data.error), "warning");
        else clearAlert();
      } else {
        showAlert(frenchError(r.data.error));
      }
    });
  }

  function claimNext() {
    api("POST", "/api/v1/queue/claim").then(function (r) {
      if (!r.ok) { $("live").textContent = frenchError(r.data.error); return; }
      setTab("mine");
      openTicket(r.data.ticket.id);
    });
  }

  function setTab(tab) {
    state.tab = tab;
    document.querySelectorAll(".tabs [role=tab]").forEach(function (b) {
      b.setAttribute("aria-selected", String(b.dataset.status === tab));
    });
    loadList();
  }

  // --- Live stream -----------------------------------------------------

  function watch(conv) {
    if (state.source && state.streamConv === conv) return;
    if (state.source) state.source.close();
    state.streamConv = conv || "";
    var url = "/api/v1/stream" + (conv ? "?conv=" + encodeURIComponent(conv) : "");
    var src = new EventSource(url);
    state.source = src;
    src.addEventListener("hello", function () {
      $("live").textContent = "Mises à jour en direct";
      $("live").className = "live ok";
      loadList();
      catchUp();
    });
    src.addEventListener("ticket", function (e) {
      var t = JSON.parse(e.data);
      upsert(t);
      bumpCounts();
    });
    src.addEventListener("event", function () { catchUp(); });
    src.addEventListener("resync", function () { loadList(); if (state.current) openTicket(state.current.id, true); });
    src.onerror = function () {
      $("live").textContent = "Connexion perdue, reconnexion…";
      $("live").className = "live down";
    };
  }

  var countTimer = null;
  function bumpCounts() {
    if (countTimer) return;
    countTimer = setTimeout(function () {
      countTimer = null;
      api("GET", "/api/v1/tickets?status=waiting&limit=1").then(function (r) {
        if (!r.ok) return;
        $("count-waiting").textContent = r.data.counts.waiting || 0;
        $("count-assigned").textContent = r.data.counts.assigned || 0;
      });
      refreshMineCount();
    }, 500);
  }

  // --- Wiring ----------------------------------------------------------

  function loadCanned() {
    api("GET", "/api/v1/canned").then(function (r) {
      if (!r.ok) return;
      var sel = $("canned");
      r.data.canned.forEach(function (c) {
        var o = el("option", "", c.title);
        o.value = c.id;
        o.dataset.text = c.text;
        sel.appendChild(o);
      });
    });
  }

  document.querySelectorAll(".tabs [role=tab]").forEach(function (b) {
    b.addEventListener("click", function () { setTab(b.dataset.status); });
  });
  $("claim-next").addEventListener("click", claimNext);
  $("btn-claim").addEventListener("click", function () { act("claim", {}, "Vous avez pris la demande en charge.").then(function () { $("reply").focus(); }); });
  $("btn-release").addEventListener("click", function () { act("release", {}, "La demande est de nouveau dans la file."); });
  $("btn-return").addEventListener("click", function () {
    if (window.confirm("Rendre la conversation à l'assistant ? L'usager en sera informé.")) act("return", {}, "La conversation est rendue à l'assistant.");
  });
  $("resolve-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var reason = $("resolve-reason").value;
    if (!reason) { showAlert("Choisissez un motif de clôture."); $("resolve-reason").focus(); return; }
    act("resolve", { reason: reason }, "Demande clôturée.");
  });
  $("reply-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("reply").value.trim();
    if (!text) { showAlert("Écrivez une réponse avant d'envoyer."); $("reply").focus(); return; }
    sendReply({ text: text });
  });
  $("reply").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); $("reply-form").requestSubmit(); }
  });
  $("canned").addEventListener("change", function (e) {
    var o = e.target.selectedOptions[0];
    if (o && o.dataset.text) {
      var r = $("reply");
      r.value = r.value ? r.value.replace(/\s*$/, "\n\n") + o.dataset.text : o.dataset.text;
      r.focus();
    }
    e.target.value = "";
  });
  document.addEventListener("keydown", function (e) {
    if (!e.altKey) return;
    var tabs = { "1": "waiting", "2": "mine", "3": "assigned", "4": "resolved" };
    if (tabs[e.key]) { e.preventDefault(); setTab(tabs[e.key]); }
    if (e.key === "s" || e.key === "S") { e.preventDefault(); claimNext(); }
  });
  setInterval(renderList, 30000); // waiting times
  loadCanned();
  watch("");
})();

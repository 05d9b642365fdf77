// Agent console: plain JavaScript over the JSON API (/api/v1/) and its
// Server-Sent Events stream. Citizen text is only ever inserted with
// textContent, never as HTML.
"use strict";

(function () {
  var G = window.GuichetConsole;
  var me = G.me, state = G.state;
  var REASONS = G.REASONS, STATUSES = G.STATUSES, CHANNELS = G.CHANNELS;
  var $ = G.$, el = G.el, api = G.api, frenchError = G.frenchError, since = G.since;
  var showAlert = G.showAlert, clearAlert = G.clearAlert;
  var renderHead = G.renderHead, renderContext = G.renderContext, renderTranscript = G.renderTranscript;

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
    if (t.lang === "en") left.appendChild(el("span", "badge badge--lang", "Anglais"));
    left.appendChild(document.createTextNode(" " + (CHANNELS[t.conversation.channel] || t.conversation.channel)));
    if (t.position) left.appendChild(document.createTextNode(" · n° " + t.position));
    l1.appendChild(left);
    l1.appendChild(el("span", "", t.status === "waiting" ? "attend depuis " + since(t.created) : (STATUSES[t.status] || t.status)));
    b.appendChild(l1);
    b.appendChild(el("span", "summary", t.headline || t.summary || "(sans résumé)"));
    if (t.labels && t.labels.length) b.appendChild(el("span", "item-labels", t.labels.join(" · ")));
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
      refreshCounts();
      return openTicket(id, true).then(function () { showAlert(okText, "success"); return r; });
    });
  }

  // pending remembers the id of a reply whose answer was lost (network
  // error), so that sending the same thing again is not recorded twice.
  var pending = null;

  function replyID(payload) {
    var key = JSON.stringify([state.current.id, payload.text, payload.entry, payload.canned]);
    if (!pending || pending.key !== key) {
      var rnd = new Uint8Array(12);
      window.crypto.getRandomValues(rnd);
      pending = { key: key, id: Array.prototype.map.call(rnd, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("") };
    }
    return pending.id;
  }

  function sendReply(payload) {
    var btn = $("btn-send");
    btn.disabled = true;
    payload.id = replyID(payload);
    return api("POST", "/api/v1/tickets/" + encodeURIComponent(state.current.id) + "/messages", payload).then(function (r) {
      btn.disabled = false;
      if (r.status !== 0) pending = null;
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

  G.sendReply = sendReply;
  G.openTicket = openTicket;

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
    src.addEventListener("typing", function (e) { if (G.onTyping) G.onTyping(JSON.parse(e.data)); });
    src.addEventListener("resync", function () { loadList(); if (state.current) openTicket(state.current.id, true); });
    src.onerror = function () {
      $("live").textContent = "Connexion perdue, reconnexion…";
      $("live").className = "live down";
    };
  }

  function refreshCounts() {
    api("GET", "/api/v1/tickets?status=waiting&limit=1").then(function (r) {
      if (!r.ok) return;
      $("count-waiting").textContent = r.data.counts.waiting || 0;
      $("count-assigned").textContent = r.data.counts.assigned || 0;
    });
    refreshMineCount();
  }

  // bumpCounts refreshes the counts at most every 300 ms: a busy queue
  // sends many ticket events.
  var countTimer = null;
  function bumpCounts() {
    if (countTimer) return;
    countTimer = setTimeout(function () { countTimer = null; refreshCounts(); }, 300);
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

// Agent console: the ticket view (header, context, the bot's candidates,
// transcript). It reads the shared state of console.js through
// window.GuichetConsole. Citizen text is only inserted with textContent.
"use strict";

(function () {
  var G = window.GuichetConsole;
  var me = G.me, state = G.state;
  var REASONS = G.REASONS, STATUSES = G.STATUSES, CHANNELS = G.CHANNELS, ROLES = G.ROLES;
  var $ = G.$, el = G.el, since = G.since, duration = G.duration, clock = G.clock;

  function renderHead() {
    var t = state.current;
    $("ticket-title").textContent = (t.priority ? "Incident · " : "") + (t.headline || t.summary || "Demande " + t.id.slice(0, 8));
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
    row("Langue", t.lang === "en" ? "anglais : répondez en anglais ou en français" : "français");
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
    Object.keys(c.fields || {}).sort().forEach(function (k) { row(G.fieldLabel(k), G.fieldValue(k, c.fields[k])); });
    if (t.resolution) row("Motif de clôture", t.resolution);
    renderCandidates(c.candidates);
    if (G.onTicket) G.onTicket(t);
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
          send.addEventListener("click", function () { G.sendReply({ entry: c.entry }); });
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

  // renderTranscript adds events to the conversation pane. On opening a
  // ticket the pane shows the citizen's request (context.request_seq) at
  // its top, the way an agent reads a new case; afterwards new messages
  // scroll into view only when the agent was already reading the end.
  function renderTranscript(events, reset) {
    var ol = $("transcript");
    var atEnd = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
    if (reset) { ol.textContent = ""; state.lastSeq = 0; }
    events.forEach(function (ev) {
      if (ev.seq <= state.lastSeq) return;
      state.lastSeq = ev.seq;
      // a channel's start signal (the widget's GET_STARTED) has no text:
      // there is nothing for the agent to read
      if (!ev.text || !ev.text.trim()) return;
      var li = el("li", ev.role);
      li.dataset.seq = ev.seq;
      var who = ROLES[ev.role] || ev.role;
      if (ev.role === "agent" && ev.author) who = ev.author;
      li.appendChild(el("span", "who", who + " · " + clock(ev.time)));
      var text = el("span", "text", ev.text);
      if (ev.meta && ev.meta.lang) text.lang = ev.meta.lang;
      li.appendChild(text);
      ol.appendChild(li);
    });
    var from = reset && state.current && state.current.context && state.current.context.request_seq;
    var first = from && ol.querySelector('li[data-seq="' + from + '"]');
    if (first) ol.scrollTop = first.offsetTop - ol.offsetTop - 8;
    else if (reset || atEnd) ol.scrollTop = ol.scrollHeight;
  }

  G.renderHead = renderHead;
  G.renderContext = renderContext;
  G.renderTranscript = renderTranscript;
})();

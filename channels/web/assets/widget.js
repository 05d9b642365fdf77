/* Guichet chat widget: one script tag, no dependencies. Protocol:
   docs/widget-protocol.md. Everything received is rendered as text. */
(function () {
  'use strict';
  var me = document.currentScript;
  if (window.guichetWidget || !me || !me.src) return;
  var base = new URL(me.src, location.href);
  var WS_URL = (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host + '/ws';
  var CSS = "__GUICHET_CSS__";
  var KEY = 'guichet:' + base.host + ':';
  // The interface speaks the conversation's language: the lang of the
  // latest bot or system message (meta.lang), French until one says.
  var TEXTS = {
    fr: {
      bot: 'Assistant Guichet', open: 'Ouvrir la discussion avec l\u2019assistant',
      lost: 'Connexion perdue. Reconnexion en cours\u2026 Vos messages partiront d\u00e8s son retour.',
      offline: 'Vous \u00eates hors ligne. Vos messages partiront au retour de la connexion.',
      reset: 'Nouvelle conversation', close: 'Fermer la discussion', log: 'Messages de la discussion',
      typing: 'L\u2019assistant \u00e9crit', qr: 'R\u00e9ponses sugg\u00e9r\u00e9es', placeholder: 'Votre question',
      label: 'Votre message', send: 'Envoyer', you: 'Vous', agent: 'Conseiller', anAgent: 'un conseiller',
      privacy: 'Ne partagez ni mot de passe ni coordonn\u00e9es bancaires. Vos \u00e9changes sont conserv\u00e9s le temps de traiter votre demande.',
      waiting: 'Un conseiller va vous r\u00e9pondre', position: ' (position dans la file : ', talking: 'Vous \u00e9changez avec ',
      sending: 'Envoi en cours\u2026', connecting: 'En attente de connexion\u2026', notSent: 'Non envoy\u00e9 : ', cutTwice: 'la connexion s\u2019est coup\u00e9e deux fois pendant son envoi.',
      refused: 'message refus\u00e9.', newWindow: ' (nouvelle fen\u00eatre)', one: ' nouveau message)', many: ' nouveaux messages)'
    },
    en: {
      bot: 'Guichet assistant', open: 'Open the chat with the assistant',
      lost: 'Connection lost. Reconnecting\u2026 Your messages will be sent as soon as it is back.',
      offline: 'You are offline. Your messages will be sent when the connection is back.',
      reset: 'New conversation', close: 'Close the chat', log: 'Chat messages',
      typing: 'The assistant is typing', qr: 'Suggested replies', placeholder: 'Your question',
      label: 'Your message', send: 'Send', you: 'You', agent: 'Advisor', anAgent: 'an advisor',
      privacy: 'Do not share passwords or bank details. Your messages are kept for the time needed to handle your request.',
      waiting: 'An advisor will answer you', position: ' (place in the queue: ', talking: 'You are talking with ',
      sending: 'Sending\u2026', connecting: 'Waiting for the connection\u2026', notSent: 'Not sent: ', cutTwice: 'the connection was cut twice while it was being sent.',
      refused: 'message refused.', newWindow: ' (new window)', one: ' new message)', many: ' new messages)'
    }
  };
  function tr(k) { return (TEXTS[st.lang] || TEXTS.fr)[k]; }
  var PING_EVERY = 25000, PONG_WAIT = 10000, MAX_BACKOFF = 30000, HEALTHY = 10000, TYPING_EVERY = 2500;

  function storage(name) {
    try { var s = window[name]; s.getItem(KEY); return s; } catch (e) { return null; }
  }
  var LS = storage('localStorage'), SS = storage('sessionStorage');
  function get(s, k, d) {
    try { var v = s && s.getItem(KEY + k); return v ? JSON.parse(v) : d; } catch (e) { return d; }
  }
  function put(s, k, v) {
    try { if (s) s.setItem(KEY + k, JSON.stringify(v)); } catch (e) { /* full or denied: keep going in memory */ }
  }

  var st = {
    conv: get(LS, 'conv', ''), outbox: get(LS, 'outbox', []), read: get(LS, 'read', 0), open: get(SS, 'open', false),
    lang: get(LS, 'lang', 'fr'), langSeq: 0,
    events: {}, last: 0, failed: [], ws: null, ready: false, fresh: false, started: false, attempt: 0,
    upSince: 0, timer: 0, pingTimer: 0, pongTimer: 0, typingTimer: 0, quietTimer: 0, inflight: '', handoff: '', conn: '', max: 2000, replay: false, firstNew: null, grew: false, qrKey: '', typedAt: -1e9
  };

  function h(tag, props, kids) {
    var e = document.createElement(tag);
    for (var k in props) {
      if (k === 'text') e.textContent = props[k];
      else if (k === 'class') e.className = props[k];
      else e.setAttribute(k, props[k]);
    }
    (kids || []).forEach(function (c) { e.appendChild(c); });
    return e;
  }

  function icon() {
    var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg'), p = document.createElementNS(ns, 'path');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    p.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z');
    svg.appendChild(p);
    return svg;
  }

  // The interface.
  var host = h('div', { id: 'guichet-widget' });
  var root = host.attachShadow({ mode: 'open' });
  var badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: '' });
  var launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'gw-panel' }, [icon(), badge]);
  var resetBtn = h('button', { type: 'button', class: 'reset' });
  var closeSr = h('span', { class: 'sr' });
  var closeBtn = h('button', { type: 'button', class: 'close' }, [h('span', { 'aria-hidden': 'true', text: '\u00d7' }), closeSr]);
  var status = h('p', { class: 'status', role: 'status' });
  var hist = h('div', { class: 'hist' }), pend = h('div', { class: 'pend' });
  // The buttons follow the last message inside the scrolling log: the
  // question that ends a message stays beside its answers, and no button
  // hides in a small scroll box of its own. They are not announced as
  // messages (aria-live off).
  var qr = h('div', { class: 'qr', role: 'group', 'aria-live': 'off', hidden: '' });
  var log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', tabindex: '0' }, [hist, pend, qr]);
  var typingText = document.createTextNode('');
  var typing = h('p', { class: 'typing', hidden: '' }, [typingText,
    h('span', { class: 'dots', 'aria-hidden': 'true' }, [h('span', { text: '.' }), h('span', { text: '.' }), h('span', { text: '.' })])]);
  var input = h('textarea', { id: 'gw-input', rows: '1', maxlength: String(st.max) });
  var inputLabel = h('label', { for: 'gw-input', class: 'sr' }), sendBtn = h('button', { type: 'submit', class: 'send' });
  var form = h('form', { class: 'form' }, [inputLabel, input, sendBtn]);
  var title = h('h2', { id: 'gw-title' }), privacy = h('p', { class: 'privacy' });
  var panel = h('section', { id: 'gw-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'gw-title', tabindex: '-1', hidden: '' }, [
    h('div', { class: 'head' }, [title, closeBtn, resetBtn]),
    status, log, typing, privacy, form]);

  // applyLang writes the interface's texts in st.lang.
  function applyLang() {
    panel.setAttribute('lang', st.lang);
    launcher.setAttribute('lang', st.lang);
    title.textContent = tr('bot');
    resetBtn.textContent = tr('reset');
    closeBtn.title = closeSr.textContent = tr('close');
    log.setAttribute('aria-label', tr('log'));
    typingText.textContent = tr('typing');
    qr.setAttribute('aria-label', tr('qr'));
    input.placeholder = tr('placeholder');
    inputLabel.textContent = tr('label');
    sendBtn.textContent = tr('send');
    privacy.textContent = tr('privacy');
    badgeUpdate();
  }
  // follow takes the language of a bot, system or agent message newer
  // than the one that last set it.
  function follow(ev) {
    var l = ev.meta && ev.meta.lang;
    if (ev.role === 'user' || !TEXTS[l] || ev.seq < st.langSeq) return;
    st.langSeq = ev.seq;
    if (l === st.lang) return;
    st.lang = l;
    put(LS, 'lang', l);
    applyLang();
  }

  function styles() {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet]; // not subject to the page's style-src
    } catch (e) {
      root.appendChild(h('style', { text: CSS }));
    }
  }

  // Opening and closing.
  function show(open, focus) {
    st.open = open;
    put(SS, 'open', open);
    panel.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute('aria-expanded', String(open));
    modal();
    if (open) {
      markRead();
      connect();
      maybeStart();
      st.grew = true;
      scroll();
      if (focus) focusInput(focus);
    } else if (focus) {
      launcher.focus();
    }
    badgeUpdate();
  }

  function markRead() {
    if (st.last > st.read) { st.read = st.last; put(LS, 'read', st.read); }
  }

  function badgeUpdate() {
    var n = 0;
    if (!st.open) for (var s in st.events) if (+s > st.read && st.events[s].role !== 'user' && st.events[s].text) n++;
    badge.textContent = n > 9 ? '9+' : String(n);
    badge.hidden = !n;
    launcher.setAttribute('aria-label', tr('open') + (n ? ' (' + n + (n > 1 ? tr('many') : tr('one')) : ''));
  }

  // Rendering: text only. Links are built as elements, and only for http(s).
  var URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;
  function link(s) {
    var u;
    try { u = new URL(s); } catch (e) { return null; }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    var a = h('a', { href: u.href, target: '_blank', rel: 'noopener noreferrer', title: s + tr('newWindow') });
    // A long address wraps after a slash or before a dot rather than
    // anywhere in a word (<wbr> adds no text).
    s.split(/(?=\.)|(?<=\/)(?!\/)/).forEach(function (part, i) {
      if (i) a.appendChild(document.createElement('wbr'));
      a.appendChild(document.createTextNode(part));
    });
    return a;
  }
  // linkify ends an address before the punctuation that follows it, and
  // joins a full stop or comma written apart so that it is not taken for
  // part of the address ("https://ants.gouv.fr/ . Inutile") back to it.
  function linkify(parent, text) {
    var i = 0, m;
    URL_RE.lastIndex = 0;
    while ((m = URL_RE.exec(text))) {
      var url = m[0].replace(/[.,;:!?)\]\u00bb]+$/, '');
      parent.appendChild(document.createTextNode(text.slice(i, m.index)));
      parent.appendChild(link(url) || document.createTextNode(url));
      i = URL_RE.lastIndex = m.index + url.length;
      if (/^[ \u00a0\u202f][.,](\s|$)/.test(text.slice(i, i + 3))) i++;
    }
    parent.appendChild(document.createTextNode(text.slice(i)));
    return parent;
  }

  function who(ev) {
    return ev.role === 'user' ? tr('you') : ev.role === 'agent' ? (ev.author || tr('agent')) : tr('bot');
  }
  function bubble(ev, prev, note, cls) {
    // Each message is marked with its own language, or the conversation's
    // when it does not say (the person's), so that screen readers
    // pronounce it right whatever the interface switches to later.
    var lang = (ev.meta && ev.meta.lang) || st.lang;
    if (ev.role === 'system') return linkify(h('p', { class: 'sys', lang: lang }), ev.text);
    var name = who(ev), same = prev && prev.getAttribute('data-who') === name;
    var label = h('span', { class: ev.role === 'user' || same ? 'sr' : 'who', text: name }, [h('span', { class: 'sr', text: st.lang === 'en' ? ': ' : ' : ' })]);
    var text = linkify(h('p', { class: 'bubble', lang: lang }), ev.text);
    var node = h('div', { class: 'msg ' + ev.role + (cls ? ' ' + cls : ''), 'data-who': name }, [label, text]);
    if (note) node.appendChild(h('p', { class: 'note', text: note }));
    return node;
  }

  function add(ev) {
    if (!(ev.seq > 0) || st.events[ev.seq]) return;
    st.events[ev.seq] = ev;
    if (ev.client_id) done(ev.client_id);
    st.last = Math.max(st.last, ev.seq);
    follow(ev);
    track(ev);
    if (ev.role === 'user' && !ev.text) return; // a button such as "start" with nothing to show
    var after = hist.lastChild;
    while (after && +after.getAttribute('data-seq') > ev.seq) after = after.previousSibling;
    var node = bubble(ev, after);
    node.setAttribute('data-seq', ev.seq);
    hist.insertBefore(node, after ? after.nextSibling : hist.firstChild);
    if (!st.firstNew && !st.replay && ev.role !== 'user') st.firstNew = node;
    st.grew = true;
  }

  // scroll shows the newest messages, but never scrolls the beginning of a
  // new answer out of view: a long answer is read from its start.
  function scroll() {
    if (!st.grew) return;
    st.grew = false;
    var bottom = log.scrollHeight, top = bottom;
    if (st.firstNew) top = log.scrollTop + st.firstNew.getBoundingClientRect().top - log.getBoundingClientRect().top - 12;
    log.scrollTop = Math.min(bottom, top);
    st.firstNew = null;
  }

  // Hand-off status, from the trimmed meta the server sends.
  function track(ev) {
    var m = ev.meta || {};
    if (m.status === 'waiting' || m.status === 'queued' || (m.decision === 'handoff' && !m.status)) {
      st.handoff = tr('waiting') + (m.position > 0 ? tr('position') + m.position + ')' : '') + '.';
    } else if (m.status === 'assigned' || (ev.role === 'agent' && !m.status)) {
      st.handoff = tr('talking') + (ev.author || tr('anAgent')) + '.';
    } else if (m.status) {
      st.handoff = '';
    }
  }
  function showStatus() {
    var t = st.conn || st.handoff;
    if (status.textContent !== t) status.textContent = t;
  }

  function quickReplies() {
    var ev, s;
    // The newest message decides; a notice counts only when it asks
    // something (the 1-5 rating after a ticket comes as a notice).
    for (s = st.last; s > 0 && !ev; s--) {
      if (st.events[s] && (st.events[s].role !== 'system' || (st.events[s].quick_replies || []).length)) ev = st.events[s];
    }
    var list = (!st.outbox.length && ev && ev.role !== 'user' && ev.quick_replies) || [];
    var key = list.length ? st.conv + ':' + ev.seq : '';
    if (key === st.qrKey) return; // unchanged: keep the buttons, and the focus on one
    st.qrKey = key;
    var hadFocus = root.activeElement && qr.contains(root.activeElement);
    qr.textContent = '';
    qr.setAttribute('aria-label', list.length ? question(ev.text) || tr('qr') : tr('qr'));
    list.forEach(function (q) {
      var b = h('button', { type: 'button', text: q.title });
      b.onclick = function (e) { enqueue({ text: q.title, payload: q.payload }); focusInput(e); };
      qr.appendChild(b);
    });
    qr.hidden = !list.length;
    if (hadFocus) input.focus();
  }

  // question is the last paragraph of a message when it asks something:
  // it names the group of buttons that answer it.
  function question(text) {
    var q = String(text || '').split(/\n\s*\n/).pop().replace(/^\s+|\s+$/g, '');
    return q.indexOf('?') >= 0 && q.length <= 200 ? q : '';
  }

  // While the panel covers the whole page (a phone, a zoomed window), it
  // is modal: Tab cycles inside it rather than reaching the hidden page.
  function covers() {
    var b = panel.getBoundingClientRect();
    return !panel.hidden && b.left <= 1 && b.top <= 1 && b.right >= innerWidth - 1 && b.bottom >= innerHeight - 1;
  }
  function modal() {
    if (covers()) panel.setAttribute('aria-modal', 'true');
    else panel.removeAttribute('aria-modal');
  }
  function trap(e) {
    var all = Array.prototype.filter.call(panel.querySelectorAll('button, textarea, a[href], [tabindex="0"]'), function (x) {
      return !x.disabled && x.getClientRects().length > 0;
    });
    if (!all.length) return;
    var first = all[0], last = all[all.length - 1], at = root.activeElement;
    if (e.shiftKey ? at === first || at === panel : at === last) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }

  // focusInput moves the focus to the message field, except after a tap
  // on a touch screen, where that would open the keyboard over the answer.
  var touch = false;
  root.addEventListener('pointerdown', function (e) { touch = e.pointerType === 'touch'; }, true);
  function focusInput(e) {
    if (e && e.detail > 0 && touch) panel.focus({ preventScroll: true });
    else input.focus();
  }

  function pending() {
    pend.textContent = '';
    st.outbox.forEach(function (m) {
      if (m.text) pend.appendChild(bubble({ role: 'user', text: m.text }, null, st.ready ? tr('sending') : tr('connecting')));
    });
    st.failed.forEach(function (f) {
      pend.appendChild(bubble({ role: 'user', text: f.text }, null, tr('notSent') + f.why, 'failed'));
    });
  }

  function refresh() {
    if (st.open) markRead();
    pending();
    quickReplies();
    showStatus();
    badgeUpdate();
    if (st.open) scroll();
  }

  function clearHistory() {
    st.events = {}; st.last = 0; st.read = 0; st.handoff = ''; st.failed = []; st.qrKey = null;
    hist.textContent = '';
    put(LS, 'read', 0);
  }

  // Outbox: each message keeps its id until the server has it, and is sent
  // again after a reconnect; the server recognises it by that id.
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }
  function enqueue(m) {
    m.id = newId();
    st.grew = true;
    st.outbox.push(m);
    put(LS, 'outbox', st.outbox);
    refresh();
    connect();
    flush();
  }
  function flush() {
    var m = st.outbox[0];
    if (!m || !st.ready || st.inflight || (m.wait && m.wait > Date.now())) return;
    st.inflight = m.id;
    send({ type: 'message', id: m.id, text: m.text || '', payload: m.payload || undefined });
  }
  function done(id) {
    st.outbox = st.outbox.filter(function (m) { return m.id !== id; });
    put(LS, 'outbox', st.outbox);
    if (st.inflight === id) st.inflight = '';
  }
  function failed(f) {
    var m = st.outbox.filter(function (x) { return x.id === f.id; })[0];
    if (!m) return;
    if (st.inflight === f.id) st.inflight = '';
    if (f.code === 'too_many' || f.code === 'unavailable') {
      var wait = f.retry_after || 3000;
      m.wait = Date.now() + wait;
      setTimeout(flush, wait);
      return;
    }
    done(f.id);
    if (m.text) st.failed.push({ text: m.text, why: f.message || tr('refused') });
    st.grew = true;
    refresh();
    flush();
  }
  // poisoned counts the sockets that closed while message id was in
  // flight: after two, the message is given up (shown as not sent) rather
  // than sent again, so that one message cannot keep the widget
  // reconnecting.
  function poisoned(id) {
    var m = st.outbox.filter(function (x) { return x.id === id; })[0];
    if (!m) return;
    m.kills = (m.kills || 0) + 1;
    put(LS, 'outbox', st.outbox);
    if (m.kills >= 2) failed({ id: id, code: 'invalid', message: tr('cutTwice') });
  }
  function maybeStart() {
    if (st.open && st.ready && st.fresh && !st.started && !st.last && !st.outbox.length) {
      st.started = true;
      enqueue({ text: '', payload: 'GET_STARTED' });
    }
  }

  // The socket.
  function send(f) {
    if (st.ws && st.ws.readyState === 1) st.ws.send(JSON.stringify(f));
  }
  function wanted() { return st.open || st.conv || st.outbox.length; }
  function connect() {
    if (st.ws || st.timer || !wanted()) return;
    var ws;
    try { ws = new WebSocket(WS_URL); } catch (e) { retry(); return; }
    st.ws = ws;
    st.pongTimer = setTimeout(function () { st.pongTimer = 0; drop(); }, PONG_WAIT);
    ws.onopen = function () { send({ type: 'hello', conversation: st.conv || undefined, after: st.last }); };
    ws.onmessage = function (e) {
      if (st.ws !== ws) return;
      alive();
      var f;
      try { f = JSON.parse(e.data); } catch (x) { return; }
      receive(f);
    };
    ws.onclose = function (e) {
      if (st.ws !== ws) return;
      // Closed while a message was in flight, other than for a restart
      // (1001) or a normal end: the message is the likely cause (a frame
      // the server refused comes as 1009, or as 1006 when the server
      // closes before the browser has finished sending it).
      if (st.inflight && e.code !== 1000 && e.code !== 1001) poisoned(st.inflight);
      drop();
    };
  }
  // drop forgets a socket that closed or stopped answering (a phone
  // waking up often holds one that will never speak again) and retries.
  function drop(quiet) {
    var ws = st.ws;
    st.ws = null; st.ready = false; st.inflight = '';
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      try { ws.close(); } catch (e) { /* already closing */ }
    }
    clearTimeout(st.pingTimer); clearTimeout(st.pongTimer); st.pongTimer = 0;
    setTyping(false);
    if (quiet) return;
    st.conn = navigator.onLine === false ? tr('offline') : tr('lost');
    refresh();
    retry();
  }
  function retry() {
    // A socket that lived a while was a good one: start again from a short wait.
    if (st.upSince && Date.now() - st.upSince > HEALTHY) st.attempt = 0;
    st.upSince = 0;
    var d = Math.min(MAX_BACKOFF, 500 * Math.pow(2, st.attempt++));
    st.timer = setTimeout(function () { st.timer = 0; connect(); }, d / 2 + Math.random() * d / 2);
  }
  function alive() {
    clearTimeout(st.pongTimer); st.pongTimer = 0;
    clearTimeout(st.pingTimer);
    st.pingTimer = setTimeout(check, PING_EVERY);
  }
  function check() {
    if (!st.ws || st.pongTimer || st.ws.readyState !== 1) return;
    send({ type: 'ping' });
    st.pongTimer = setTimeout(function () { st.pongTimer = 0; drop(); }, PONG_WAIT);
  }
  // now runs when the page or the network comes back: check the socket at
  // once rather than waiting for the next ping or retry.
  function now() {
    clearTimeout(st.timer); st.timer = 0; st.attempt = 0;
    if (st.ws) check(); else connect();
  }

  function receive(f) {
    switch (f.type) {
      case 'welcome':
        if (f.reset || f.conversation !== st.conv) clearHistory();
        st.conv = f.conversation; put(LS, 'conv', st.conv);
        // The wait before the next reconnection is not reset here: a
        // socket that dies right after its welcome backs off (see retry).
        st.fresh = !f.resumed; st.ready = true; st.upSince = Date.now(); st.conn = '';
        st.max = f.max_chars || st.max; input.maxLength = st.max;
        // A screen reader should not read out the whole history replayed
        // after a reload: only what arrives afterwards.
        st.replay = !st.last;
        if (st.replay) quiet(true);
        refresh(); flush(); maybeStart();
        break;
      case 'events':
        (f.events || []).forEach(add);
        refresh(); flush(); quiet(false);
        st.replay = false;
        break;
      case 'ack':
        done(f.id); refresh(); flush();
        break;
      case 'error':
        failed(f);
        break;
      case 'typing':
        setTyping(f.on);
        break;
    }
  }
  function quiet(on) {
    clearTimeout(st.quietTimer);
    log.setAttribute('aria-live', on ? 'off' : 'polite');
    if (on) st.quietTimer = setTimeout(function () { quiet(false); }, 2000);
  }
  function setTyping(on) {
    clearTimeout(st.typingTimer);
    typing.hidden = !on;
    if (on) st.typingTimer = setTimeout(function () { typing.hidden = true; }, 15000);
  }

  function newConversation(e) {
    drop(true);
    clearTimeout(st.timer); st.timer = 0;
    st.conv = ''; st.outbox = []; st.fresh = false; st.started = false; st.conn = '';
    put(LS, 'conv', ''); put(LS, 'outbox', []);
    clearHistory(); refresh(); connect();
    focusInput(e);
  }

  function submit() {
    var text = input.value.replace(/^\s+|\s+$/g, '');
    if (!text) return;
    input.value = '';
    autosize();
    st.typedAt = -1e9;
    enqueue({ text: text.slice(0, st.max) });
  }
  // For the agent: in a hand-off only, at most every TYPING_EVERY.
  function typed() {
    if (!st.handoff || !input.value || Date.now() - st.typedAt < TYPING_EVERY) return;
    st.typedAt = Date.now();
    send({ type: 'typing', on: true });
  }
  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 120) + 'px';
  }

  launcher.onclick = function (e) { show(true, e); };
  closeBtn.onclick = function () { show(false, true); };
  resetBtn.onclick = newConversation;
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); show(false, true); }
    else if (e.key === 'Tab' && covers()) trap(e);
  });
  form.onsubmit = function (e) { e.preventDefault(); submit(); };
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  input.addEventListener('input', function () { autosize(); typed(); });
  addEventListener('resize', modal);
  addEventListener('online', now);
  addEventListener('offline', function () { st.conn = tr('offline'); showStatus(); });
  addEventListener('pageshow', function (e) { if (e.persisted) now(); });
  document.addEventListener('visibilitychange', function () { if (!document.hidden) now(); });
  addEventListener('storage', function (e) {
    if (e.key !== KEY + 'conv') return;
    var conv = get(LS, 'conv', '');
    if (conv === st.conv) return;
    drop(true); // another tab started a new conversation: follow it
    st.conv = conv; st.fresh = false;
    clearHistory(); refresh(); connect();
  });

  window.guichetWidget = { open: function () { show(true, {}); }, close: function () { show(false, true); } };

  function init() {
    styles();
    applyLang();
    root.appendChild(h('div', { class: 'w' }, [launcher, panel]));
    document.body.appendChild(host);
    if (st.open) show(true, false);
    refresh();
    connect();
  }
  if (document.body) init(); else document.addEventListener('DOMContentLoaded', init);
})();

// Agent console helpers shared by console.js: the JSON API client, the
// French labels and messages, and time formatting. Citizen text is only
// ever inserted with textContent, never as HTML.
"use strict";

window.GuichetConsole = (function () {
  var body = document.body;
  var csrf = body.dataset.csrf;
  // me is the agent using the console; state is what console.js and
  // console-ticket.js share: the list shown and the ticket opened.
  var me = { name: body.dataset.agent, role: body.dataset.role };
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
  // FIELDS name what the bot collected (an incident report's steps).
  var FIELDS = {
    procedure: "Démarche concernée", request_number: "Numéro de demande",
    site_message: "Message affiché par le site", consent: "Accord pour transmettre le signalement"
  };

  function fieldLabel(k) {
    if (FIELDS[k]) return FIELDS[k];
    var words = k.replace(/[_-]+/g, " ").trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function fieldValue(k, v) {
    if (k === "consent") return v === "oui" || v === "yes" || v === "true" ? "Oui" : v === "non" || v === "no" || v === "false" ? "Non" : v;
    return v;
  }

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
      opts.headers["X-CSRF-Token"] = csrf;
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
      case "agent_offline": return "Ce collègue n'est pas connecté : transférez la demande à un conseiller en ligne.";
      case "unknown_agent": return "Ce collègue n'a pas de compte.";
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

  return {
    me: me, state: state, showAlert: showAlert, clearAlert: clearAlert,
    REASONS: REASONS, STATUSES: STATUSES, CHANNELS: CHANNELS, ROLES: ROLES, fieldLabel: fieldLabel, fieldValue: fieldValue,
    $: $, el: el, api: api, frenchError: frenchError, since: since, duration: duration, clock: clock
  };
})();

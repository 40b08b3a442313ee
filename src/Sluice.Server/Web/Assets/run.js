// Live updates of the run page: polls the run's tasks every second while the run is active and
// recolours DAG nodes, badges and table rows in place, and redraws the timeline. Clicking a node loads its panel without a reload.
(function () {
  "use strict";
  var root = document.getElementById("run");
  if (!root) { return; }
  var runId = root.getAttribute("data-run-id");
  var base = "/runs/" + encodeURIComponent(runId);
  var finalStates = { succeeded: 1, failed: 1, cancelled: 1, skipped: 1 };

  function byTask(selector, id) {
    return document.querySelectorAll(selector + '[data-task="' + CSS.escape(id) + '"]');
  }

  function badge(state) {
    var span = document.createElement("span");
    span.className = "badge st-" + state;
    span.textContent = state;
    return span;
  }

  function subLabel(t) {
    if (t.items !== null && t.items !== undefined) {
      return t.state + " \u00b7 " + t.items_succeeded + "/" + t.items + " items" + (t.items_failed > 0 ? ", " + t.items_failed + " failed" : "");
    }
    return t.state + (t.attempts > 1 ? " \u00b7 attempt " + t.attempts : "");
  }

  function apply(data) {
    data.tasks.forEach(function (t) {
      byTask("g.node", t.id).forEach(function (g) {
        if (g.getAttribute("data-state") !== t.state) {
          g.setAttribute("class", "node st-" + t.state);
          g.setAttribute("data-state", t.state);
        }
        var sub = g.querySelector("text.sub");
        if (sub) { sub.textContent = subLabel(t); }
      });
      byTask("tr", t.id).forEach(function (row) {
        var cell = row.querySelector("td.state");
        if (cell) { cell.replaceChildren(badge(t.state)); }
        var why = row.querySelector("td.why");
        if (why) { why.textContent = t.error || t.waiting_for || ""; }
      });
    });
    var state = document.getElementById("run-state");
    if (state) { state.replaceChildren(badge(data.state)); }
    var waiting = document.getElementById("run-waiting");
    if (waiting) { waiting.textContent = data.waiting_for || ""; }
    return !(data.state in finalStates) || data.live || data.waiting_for;
  }

  function poll() {
    fetch("/api/runs/" + encodeURIComponent(runId) + "/tasks", { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        var more = data ? apply(data) : true;
        if (data) { refreshGantt(); refreshStreams(); }
        if (more) { setTimeout(poll, 1000); } else { root.setAttribute("data-active", "false"); showResult(); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }

  // The timeline is drawn on the server; while the run is active it is fetched again after each poll.
  function refreshGantt() {
    var gantt = document.getElementById("run-gantt");
    if (!gantt) { return; }
    fetch(base + "/gantt", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { gantt.innerHTML = html; } })
      .catch(function () { });
  }

  // Streaming tasks: progress as of each one's last checkpoint (GET /api/runs/{id}/streams), in a table made on first use.
  function refreshStreams() {
    fetch("/api/runs/" + encodeURIComponent(runId) + "/streams", { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || data.streams.length === 0) { return; }
        var section = document.getElementById("run-streams");
        if (!section) {
          section = document.createElement("section");
          section.id = "run-streams";
          var title = document.createElement("h2");
          title.textContent = "Streams";
          var table = document.createElement("table");
          var head = table.createTHead().insertRow();
          ["task", "events in", "out", "late", "rejected", "watermark", "lag", "checkpoint", "age", "size"].forEach(function (h) {
            var th = document.createElement("th");
            th.textContent = h;
            head.appendChild(th);
          });
          table.createTBody();
          section.append(title, table);
          root.appendChild(section);
        }
        var body = section.querySelector("tbody");
        body.replaceChildren();
        data.streams.forEach(function (s) {
          var row = body.insertRow();
          row.setAttribute("data-task", s.task_id);
          [s.task_id + (s.map_index >= 0 ? "[" + s.map_index + "]" : ""), s.events_in, s.events_out, s.late_events, s.rejected,
            s.finished ? "end" : (s.watermark || "none"), s.lag_seconds === null ? "" : s.lag_seconds.toFixed(1) + " s",
            s.checkpoint + (s.finished ? " (final)" : ""), s.checkpoint_age_seconds.toFixed(1) + " s", s.checkpoint_bytes + " B"].forEach(function (v) {
            row.insertCell().textContent = String(v);
          });
        });
      })
      .catch(function () { });
  }

  // The result is stored with the run's final state: fetch it once the watched run has ended.
  function showResult() {
    fetch("/api/runs/" + encodeURIComponent(runId), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (run) {
        var block = document.getElementById("run-result");
        if (!run || run.result === null || run.result === undefined || !block) { return; }
        block.querySelector("pre").textContent = JSON.stringify(run.result, null, 2);
        block.hidden = false;
      });
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a.node-link") : null;
    if (!link || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    e.preventDefault();
    var task = link.getAttribute("data-task");
    fetch(base + "/tasks/" + encodeURIComponent(task) + "/panel", { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var panel = document.getElementById("task-panel");
        panel.innerHTML = html;
        history.replaceState(null, "", base + "?task=" + encodeURIComponent(task) + "#task-panel");
      });
  });

  refreshStreams();
  if (root.getAttribute("data-active") === "true") { setTimeout(poll, 1000); }
})();

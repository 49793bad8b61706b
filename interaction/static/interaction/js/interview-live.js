/* The live transcript of an interview: polls the page's transcript/ (JSON)
 * (ETag / 304 while nothing changed) and appends new entries, so the page
 * updates without a reload. Without JavaScript the page is read by reloading.
 * Text goes in with textContent only: nothing from the server is parsed as
 * HTML. */
(function () {
  "use strict";

  var list = document.getElementById("transcript-list");
  if (!list || !window.fetch) {
    return;
  }
  var url = list.getAttribute("data-transcript-url");
  var seconds = parseInt(list.getAttribute("data-poll-seconds"), 10) || 5;
  var after = parseInt(list.getAttribute("data-after"), 10) || 0;
  var state = list.getAttribute("data-state");
  var etag = null;
  var timer = null;
  var empty = document.getElementById("transcript-empty");
  var stateLabels = document.querySelectorAll("[data-interview-state]");
  var askForm = document.querySelector("[data-ask-form]");
  var askClosed = document.querySelector("[data-ask-closed]");

  function interval() {
    if (state === "live") {
      return seconds * 1000;
    }
    if (state === "upcoming") {
      return seconds * 2000; // waiting for the start
    }
    if (state === "ended") {
      return seconds * 6000; // answers given after the end still arrive
    }
    return 0; // archived: nothing more will come
  }

  function entryNode(entry) {
    var item = document.createElement("li");
    item.className = "entry entry-" + entry.kind;
    item.id = "entry-" + entry.id;
    var speaker = document.createElement("p");
    speaker.className = "speaker";
    speaker.textContent = entry.speaker + " ";
    var time = document.createElement("time");
    time.dateTime = entry.at;
    time.textContent = entry.time;
    speaker.appendChild(time);
    if (entry.after_end) {
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = list.getAttribute("data-after-end-label") || "会后答复";
      speaker.appendChild(document.createTextNode(" "));
      speaker.appendChild(tag);
    }
    var text = document.createElement("p");
    text.className = "text";
    text.textContent = entry.text;
    item.appendChild(speaker);
    item.appendChild(text);
    return item;
  }

  function apply(data) {
    data.entries.forEach(function (entry) {
      if (entry.id > after && !document.getElementById("entry-" + entry.id)) {
        list.appendChild(entryNode(entry));
        after = Math.max(after, entry.id);
      }
    });
    if (empty && list.children.length) {
      empty.hidden = true;
    }
    if (data.state !== state) {
      state = data.state;
      list.setAttribute("data-state", state);
      Array.prototype.forEach.call(stateLabels, function (label) {
        label.textContent = data.state_label;
        label.className = "state state-" + state;
      });
    }
    if (!data.accepts_questions && askForm) {
      askForm.hidden = true;
      if (askClosed) {
        askClosed.hidden = false;
      }
    }
  }

  function schedule() {
    var wait = interval();
    if (wait && !timer) {
      timer = window.setTimeout(poll, wait);
    }
  }

  function poll() {
    timer = null;
    if (document.hidden) {
      return; // resumed by visibilitychange
    }
    var headers = { Accept: "application/json" };
    if (etag) {
      headers["If-None-Match"] = etag;
    }
    window
      .fetch(url + "?after=" + after, {
        headers: headers,
        cache: "no-store",
        credentials: "omit",
      })
      .then(function (response) {
        if (response.status === 304) {
          return null;
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        if (data) {
          apply(data);
        }
      })
      .catch(function () {
        /* a failed poll is retried at the next interval */
      })
      .then(schedule);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !timer) {
      poll();
    }
  });
  schedule();
})();

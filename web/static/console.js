/* SPDX-License-Identifier: MIT
 * console.js — the console's only script: pages work without it (a reload shows the same).
 *
 * Live lists. A page that holds <div id="live" data-stream="/su-kien?…" data-target="ID"> gets
 * Server-Sent Events from that URL; on each `flag` or `change` event (and each time the stream
 * (re)connects, to cover what happened meanwhile) it asks for the page's own URL again with
 * partial=1, which the server answers with the element #ID alone (Cảnh báo: <table id="flags">),
 * and puts that in place of the old one. Items carrying data-flag-id that were not there before
 * get data-new and the class "live" (console.css flashes them), and the #live element — an
 * aria-live region — says data-new-text (or data-change-text when only states changed). While the
 * person is writing a note in the list, the list is not replaced under them: it is done when they
 * leave it. Every text shown comes from the page, in its language; nothing here is inline. */
"use strict";

(function () {
	var live = document.getElementById("live");
	if (!live || !live.getAttribute("data-stream") || !window.EventSource || !window.fetch || !window.DOMParser)
		return;

	var targetId = live.getAttribute("data-target") || "flags";
	var busyPending = false, inFlight = false, again = false, noticeTimer = null;

	function target() {
		return document.getElementById(targetId);
	}

	function ids(el) {
		var out = {};
		var items = el ? el.querySelectorAll("[data-flag-id]") : [];
		for (var i = 0; i < items.length; i++)
			out[items[i].getAttribute("data-flag-id")] = true;
		return out;
	}

	/* Someone is typing a note or has a form field focused inside the list. */
	function busy(el) {
		if (!el)
			return false;
		var a = document.activeElement;
		if (a && a !== document.body && el.contains(a) && /^(TEXTAREA|INPUT|SELECT|BUTTON)$/.test(a.tagName))
			return true;
		var fields = el.querySelectorAll("textarea, input[type=text]");
		for (var i = 0; i < fields.length; i++)
			if (fields[i].value)
				return true;
		return false;
	}

	function say(text) {
		if (!text)
			return;
		live.textContent = "";
		var p = document.createElement("p");
		p.className = "flash";
		p.textContent = text;
		live.appendChild(p);
		if (noticeTimer)
			clearTimeout(noticeTimer);
		noticeTimer = setTimeout(function () {
			live.textContent = "";
		}, 15000);
	}

	function partialUrl() {
		var u = new URL(window.location.href);
		u.searchParams.set("partial", "1");
		u.hash = "";
		return u.toString();
	}

	function replace(html) {
		var old = target();
		if (!old)
			return;
		var doc = new DOMParser().parseFromString(html, "text/html");
		var fresh = doc.getElementById(targetId);
		if (!fresh)
			return; /* not the list (e.g. the login page after the session ended): keep the old one */
		var before = ids(old), open = {};
		var det = old.querySelectorAll("[data-flag-id] details[open]");
		for (var i = 0; i < det.length; i++)
			open[det[i].closest("[data-flag-id]").getAttribute("data-flag-id")] = true;
		fresh = document.importNode(fresh, true);
		var items = fresh.querySelectorAll("[data-flag-id]"), added = 0;
		for (var j = 0; j < items.length; j++) {
			var id = items[j].getAttribute("data-flag-id");
			if (!before[id]) {
				items[j].classList.add("live");
				items[j].setAttribute("data-new", "");
				added++;
			} else if (open[id]) {
				var d = items[j].querySelector("details");
				if (d)
					d.open = true;
			}
		}
		old.parentNode.replaceChild(fresh, old);
		say(added ? live.getAttribute("data-new-text") : null);
		return added;
	}

	function refresh(announceChange) {
		var el = target();
		if (busy(el)) {
			busyPending = true;
			say(live.getAttribute("data-new-text"));
			return;
		}
		if (inFlight) {
			again = true;
			return;
		}
		inFlight = true;
		busyPending = false;
		fetch(partialUrl(), { credentials: "same-origin", headers: { "Accept": "text/html" } })
			.then(function (r) {
				return r.ok ? r.text() : null;
			})
			.then(function (html) {
				if (html !== null) {
					var added = replace(html);
					if (!added && announceChange)
						say(live.getAttribute("data-change-text"));
				}
			})
			.catch(function () { /* the next event tries again */ })
			.then(function () {
				inFlight = false;
				if (again) {
					again = false;
					refresh(false);
				}
			});
	}

	/* A deferred refresh runs once the person leaves the list. */
	document.addEventListener("focusout", function () {
		if (!busyPending)
			return;
		setTimeout(function () {
			if (busyPending && !busy(target()))
				refresh(false);
		}, 0);
	});

	var es = new EventSource(live.getAttribute("data-stream"), { withCredentials: true });
	es.addEventListener("open", function () {
		refresh(false);
	});
	es.addEventListener("flag", function () {
		refresh(false);
	});
	es.addEventListener("change", function () {
		refresh(true);
	});
})();

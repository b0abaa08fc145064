// The news editor: a text box marked data-editor becomes Squire (squire-rte, from npm,
// served from static/vendor/squire) with a toolbar of its own. Paragraphs, headings, lists,
// quotations, links and the news's own photos. Without JavaScript the text box stays, and
// the server makes paragraphs of its blank lines. The server cleans whatever is sent
// (knowledge.services.clean_html); the cleaning here only keeps pasted text to what the
// server keeps, so that what the writer sees is what is published.
(function () {
  "use strict";

  // Tag → attributes kept, the same allow-list as the server's.
  var ALLOWED = {
    P: [], H2: [], H3: [], H4: [], BR: [], B: [], STRONG: [], I: [], EM: [], U: [],
    UL: [], OL: [], LI: [], BLOCKQUOTE: [], A: ["href", "title"], IMG: ["src", "alt"]
  };
  // Blocks the server does not keep become paragraphs (or the nearest heading).
  var RENAME = {
    DIV: "P", SECTION: "P", ARTICLE: "P", HEADER: "P", FOOTER: "P", ASIDE: "P", PRE: "P",
    ADDRESS: "P", FIGCAPTION: "P", DT: "P", DD: "P", TD: "P", TH: "P", CAPTION: "P",
    H1: "H2", H5: "H4", H6: "H4"
  };
  // Elements whose content is no text for the reader.
  var DROP = {
    SCRIPT: 1, STYLE: 1, TEMPLATE: 1, NOSCRIPT: 1, IFRAME: 1, OBJECT: 1, EMBED: 1,
    SVG: 1, MATH: 1, HEAD: 1, TITLE: 1, META: 1, LINK: 1, BUTTON: 1, SELECT: 1, TEXTAREA: 1
  };
  var BLOCK = /^(P|H[1-6]|UL|OL|LI|BLOCKQUOTE|DIV|BR|TABLE|PRE)$/;

  function safeHref(value) {
    return /^(https?:|mailto:)/i.test(value.trim());
  }

  // Copy the allowed part of `source` into `target`, as new elements of this document.
  function cleanInto(source, target, photos) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === 3) {
        target.appendChild(document.createTextNode(node.data));
        return;
      }
      if (node.nodeType !== 1) return;
      var name = node.nodeName.toUpperCase();
      if (DROP[name]) return;
      name = RENAME[name] || name;
      var keep = ALLOWED[name];
      if (!keep) {
        cleanInto(node, target, photos);
        return;
      }
      if (name === "IMG" && photos.indexOf(node.getAttribute("src")) < 0) return;
      var copy = document.createElement(name);
      keep.forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value === null || (attribute === "href" && !safeHref(value))) return;
        copy.setAttribute(attribute, value);
      });
      cleanInto(node, copy, photos);
      target.appendChild(copy);
    });
  }

  function sanitizer(photos) {
    return function (html) {
      // A parsed document of its own runs no script and loads no image.
      var parsed = new DOMParser().parseFromString(html, "text/html");
      var fragment = document.createDocumentFragment();
      cleanInto(parsed.body, fragment, photos);
      return fragment;
    };
  }

  // Plain text (saved without the editor): a paragraph at each blank line.
  function textToHtml(text) {
    var box = document.createElement("div");
    text.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/).forEach(function (chunk) {
      if (!chunk.trim()) return;
      var paragraph = document.createElement("p");
      chunk.trim().split("\n").forEach(function (line, index) {
        if (index) paragraph.appendChild(document.createElement("br"));
        paragraph.appendChild(document.createTextNode(line));
      });
      box.appendChild(paragraph);
    });
    return box.innerHTML;
  }

  function hasMarkup(text) {
    var match = text.match(/<\s*\/?\s*([a-z0-9]+)/gi) || [];
    return match.some(function (tag) {
      return BLOCK.test(tag.replace(/[<\/\s]/g, "").toUpperCase());
    });
  }

  // Make every selected paragraph or heading a `tag` block; lists are left as they are.
  function setBlock(editor, tag) {
    editor.modifyBlocks(function (fragment) {
      var blocks = fragment.querySelectorAll("p, h2, h3, h4, div");
      Array.prototype.forEach.call(blocks, function (block) {
        if (block.closest("li")) return;
        var replacement = document.createElement(tag);
        while (block.firstChild) replacement.appendChild(block.firstChild);
        block.parentNode.replaceChild(replacement, block);
      });
      return fragment;
    });
  }

  function inside(editor, tag) {
    return new RegExp("(^|>)" + tag + "(\\W|$)").test(editor.getPath());
  }

  var COMMANDS = [
    ["paragraph", "¶", function (e) { setBlock(e, "P"); }],
    ["heading", "H2", function (e) { setBlock(e, inside(e, "H2") ? "P" : "H2"); }],
    ["subheading", "H3", function (e) { setBlock(e, inside(e, "H3") ? "P" : "H3"); }],
    ["bold", "B", function (e) { if (e.hasFormat("B") || e.hasFormat("STRONG")) { e.removeBold(); } else { e.bold(); } }],
    ["italic", "I", function (e) { if (e.hasFormat("I") || e.hasFormat("EM")) { e.removeItalic(); } else { e.italic(); } }],
    ["underline", "U", function (e) { if (e.hasFormat("U")) { e.removeUnderline(); } else { e.underline(); } }],
    ["bullets", "•", function (e) { if (inside(e, "UL")) { e.removeList(); } else { e.makeUnorderedList(); } }],
    ["numbers", "1.", function (e) { if (inside(e, "OL")) { e.removeList(); } else { e.makeOrderedList(); } }],
    ["quote", "❝", function (e) { if (inside(e, "BLOCKQUOTE")) { e.decreaseQuoteLevel(); } else { e.increaseQuoteLevel(); } }],
    ["link", null, null],
    ["unlink", null, function (e) { e.removeLink(); }],
    ["image", null, null],
    ["undo", "↶", function (e) { e.undo(); }],
    ["redo", "↷", function (e) { e.redo(); }]
  ];

  function button(name, text, title) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "editor-button";
    b.setAttribute("data-command", name);
    b.setAttribute("aria-label", title);
    b.title = title;
    b.textContent = text;
    return b;
  }

  function photoPanel(editor, photos, words) {
    var panel = document.createElement("div");
    panel.className = "editor-photos";
    panel.hidden = true;
    var note = document.createElement("p");
    note.textContent = photos.length ? words.choosePhoto : words.noPhotos;
    panel.appendChild(note);
    photos.forEach(function (photo) {
      var choice = document.createElement("button");
      choice.type = "button";
      choice.className = "editor-photo";
      choice.title = photo.caption || photo.url;
      var thumb = document.createElement("img");
      thumb.src = photo.url;
      thumb.alt = photo.caption || "";
      choice.appendChild(thumb);
      choice.addEventListener("click", function () {
        editor.insertImage(photo.url, { alt: photo.caption || "" });
        panel.hidden = true;
        editor.focus();
      });
      panel.appendChild(choice);
    });
    return panel;
  }

  function start(textarea) {
    if (typeof window.Squire !== "function") return;
    var words = JSON.parse(textarea.getAttribute("data-editor") || "{}");
    var photos = JSON.parse(textarea.getAttribute("data-photos") || "[]");
    var urls = photos.map(function (p) { return p.url; });
    var label = textarea.closest("label");

    var box = document.createElement("div");
    box.className = "editor";
    var toolbar = document.createElement("div");
    toolbar.className = "editor-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", words.toolbar || "");
    var area = document.createElement("div");
    area.className = "editor-area";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) {
      label.id = label.id || textarea.id + "-label";
      area.setAttribute("aria-labelledby", label.id);
    }
    COMMANDS.forEach(function (c) {
      var title = words[c[0]] || c[0];
      toolbar.appendChild(button(c[0], c[1] || words[c[0] + "Short"] || title, title));
    });
    box.appendChild(toolbar);
    (label || textarea).insertAdjacentElement("afterend", box);

    var editor = new window.Squire(area, { blockTag: "P", sanitizeToDOMFragment: sanitizer(urls) });
    var panel = photoPanel(editor, photos, words);
    box.appendChild(panel);
    box.appendChild(area);
    var value = textarea.value;
    editor.setHTML(hasMarkup(value) ? value : textToHtml(value));
    textarea.hidden = true;
    textarea.setAttribute("data-editor-on", "");

    function sync() {
      var html = editor.getHTML();
      var probe = document.createElement("div");
      probe.innerHTML = html;
      var empty = !probe.textContent.trim() && !probe.querySelector("img");
      textarea.value = empty ? "" : html;
    }
    editor.addEventListener("input", sync);
    if (textarea.form) textarea.form.addEventListener("submit", sync);
    if (label) {
      label.addEventListener("click", function (event) {
        if (event.target === label) editor.focus();
      });
    }

    var actions = {};
    COMMANDS.forEach(function (c) { actions[c[0]] = c[2]; });
    actions.link = function (e) {
      var address = window.prompt(words.linkPrompt || "https://", "https://");
      if (!address || address === "https://") return;
      address = address.trim();
      if (!/^(https?:|mailto:)/i.test(address)) address = "https://" + address;
      e.makeLink(address);
    };
    actions.image = function () { panel.hidden = !panel.hidden; };
    // Keep the text's selection when a button is pressed.
    toolbar.addEventListener("mousedown", function (event) {
      if (event.target.closest("button")) event.preventDefault();
    });
    toolbar.addEventListener("click", function (event) {
      var b = event.target.closest("button[data-command]");
      if (!b) return;
      actions[b.getAttribute("data-command")](editor);
      sync();
    });
  }

  function startAll() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-editor]"), start);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();

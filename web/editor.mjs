// The query page's SPARQL editor: CodeMirror 6 with the SPARQL mode of
// @codemirror/legacy-modes, exposed as the global NewsKGEditor. Bundled into
// server/static/vendor/codemirror-sparql.js by `make vendor`; query.js uses it
// when it loaded, and keeps the plain textarea otherwise.
import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import {
  StreamLanguage, HighlightStyle, syntaxHighlighting, defaultHighlightStyle, bracketMatching,
  indentOnInput,
} from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";

// The SPARQL mode calls functions (STR, IF, COUNT, BIND...) "builtin", which the
// default style leaves plain: give them a colour of their own (dark green, 5:1 on white).
const builtins = HighlightStyle.define([{ tag: tags.standard(tags.variableName), color: "#1a7350" }]);

/**
 * Replace `textarea` by an editor that keeps the textarea's value in step,
 * so a form that reads (or submits) the textarea still sees the query.
 * `onRun` is called on Ctrl+Enter / Cmd+Enter. Tab is left to move the focus
 * (no indentWithTab), so the editor is no keyboard trap.
 */
export function create(textarea, { onRun = () => {}, label = "SPARQL query" } = {}) {
  const view = new EditorView({
    parent: textarea.parentNode,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        StreamLanguage.define(sparql),
        syntaxHighlighting(builtins),
        syntaxHighlighting(defaultHighlightStyle),
        keymap.of([
          { key: "Mod-Enter", run: () => { onRun(); return true; } },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.contentAttributes.of({ "aria-label": label, spellcheck: "false" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) textarea.value = update.state.doc.toString();
        }),
      ],
    }),
  });
  textarea.parentNode.insertBefore(view.dom, textarea);
  textarea.hidden = true;
  return {
    view,
    get value() { return view.state.doc.toString(); },
    set value(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus() { view.focus(); },
  };
}

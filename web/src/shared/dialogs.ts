import { h } from "./dom";

/** Asks for an API key in a modal dialog; resolves to the key, or null when the person cancels. */
export function askForKey(reason: string): Promise<string | null> {
  const input = h("input", { id: "api-key-input", type: "password", autocomplete: "off", required: true, spellcheck: false });
  const dialog = h(
    "dialog",
    { class: "dialog", "aria-labelledby": "api-key-title" },
    h(
      "form",
      { method: "dialog" },
      h("h2", { id: "api-key-title" }, "API key required"),
      h("p", {}, reason),
      h("label", { for: "api-key-input" }, "API key"),
      input,
      h("p", { class: "hint" }, "Kept in this browser tab only (sessionStorage) and sent as a Bearer token."),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", value: "ok", class: "primary" }, "Use key"),
        h("button", { type: "submit", value: "cancel", formNoValidate: true }, "Cancel"),
      ),
    ),
  );
  return showModal(dialog, input, (value) => (value === "ok" && input.value.trim() ? input.value.trim() : null));
}

/** Asks to confirm a destructive action; resolves to true when confirmed. */
export function confirmAction(title: string, message: string, confirmLabel: string): Promise<boolean> {
  const confirm = h("button", { type: "submit", value: "ok", class: "danger" }, confirmLabel);
  const dialog = h(
    "dialog",
    { class: "dialog", role: "alertdialog", "aria-labelledby": "confirm-title", "aria-describedby": "confirm-message" },
    h(
      "form",
      { method: "dialog" },
      h("h2", { id: "confirm-title" }, title),
      h("p", { id: "confirm-message" }, message),
      h("div", { class: "actions" }, confirm, h("button", { type: "submit", value: "cancel" }, "Cancel")),
    ),
  );
  return showModal(dialog, confirm, (value) => value === "ok");
}

function showModal<T>(dialog: HTMLDialogElement, focus: HTMLElement, result: (returnValue: string) => T): Promise<T> {
  document.body.append(dialog);
  dialog.showModal();
  focus.focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(result(dialog.returnValue));
    });
  });
}

/** What `h` accepts as children: nodes, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element. `class`, `for`, `role`, `aria-*` and `data-*` become attributes, `on*` functions become
 * listeners, anything else is assigned as a property (value, type, disabled…).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (name === "class") element.className = String(value);
    else if (name === "for" || name === "role" || name.startsWith("aria-") || name.startsWith("data-")) element.setAttribute(name, String(value));
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value as EventListener);
    else (element as unknown as Record<string, unknown>)[name] = value;
  }
  append(element, children);
  return element;
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === "number" ? String(child) : child);
  }
}

/** Finds a required element of the page by id; a missing one is a bug in the page. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element as T;
}

/** Seconds as "2.61 s", or "—" when unknown. */
export function seconds(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? "—" : `${value.toFixed(digits)} s`;
}

/** A count of seconds as "m:ss". */
export function countdown(value: number): string {
  const whole = Math.max(0, Math.ceil(value));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** Unix seconds as a local date and time. */
export function dateTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Shows a message in a notice element (role="alert" for errors, "status" otherwise); empty text hides it. */
export function notify(element: HTMLElement, text: string, kind: "error" | "info" | "success" = "info"): void {
  element.textContent = text;
  element.dataset.kind = kind;
  element.hidden = text.length === 0;
}

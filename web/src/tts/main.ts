import { ApiClient } from "../shared/api";
import { byId } from "../shared/dom";
import { PlaygroundPage } from "./playground";
import { StatusPage } from "./status";
import { VoicesPage } from "./voices";

const client = new ApiClient();
const pages = ["voices", "playground", "status"] as const;
type Page = (typeof pages)[number];

const voices = new VoicesPage(client);
const playground = new PlaygroundPage(client);
const status = new StatusPage(client);
const started = new Set<Page>();

function show(): void {
  const wanted = location.hash.slice(1);
  const page: Page = (pages as readonly string[]).includes(wanted) ? (wanted as Page) : "voices";
  for (const element of document.querySelectorAll<HTMLElement>("main > [data-page]")) element.hidden = element.dataset.page !== page;
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a[data-page]")) {
    if (link.dataset.page === page) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${page[0]!.toUpperCase()}${page.slice(1)} · local-ai speech`;
  // Each page loads its data the first time it is shown; the playground refreshes its voice list every time.
  if (page === "playground") void playground.loadVoices();
  if (started.has(page)) return;
  started.add(page);
  if (page === "voices") void voices.load();
  if (page === "status") status.start();
}

const forget = byId<HTMLButtonElement>("forget-key");
forget.hidden = client.key === null;
forget.addEventListener("click", () => client.forgetKey());
client.onKeyChange = () => {
  forget.hidden = client.key === null;
};
addEventListener("hashchange", show);
show();

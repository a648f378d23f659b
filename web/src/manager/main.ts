import { ApiClient } from "../shared/api";
import { byId } from "../shared/dom";
import { BackendsPage } from "./backends";

const client = new ApiClient();
const forget = byId<HTMLButtonElement>("forget-key");
forget.hidden = client.key === null;
forget.addEventListener("click", () => client.forgetKey());
client.onKeyChange = () => {
  forget.hidden = client.key === null;
};
new BackendsPage(client).start();

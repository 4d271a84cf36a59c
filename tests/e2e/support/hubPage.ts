/** Reading the local host page and the hub it frames, as every browser test does. */
import type { Frame, Page } from "playwright-core";

export type HubFile = "org-settings" | "project-settings";

/** A permission cell of the matrix, from its data attributes. */
export interface MatrixCell {
  project: string;
  repository?: string;
  permission: string;
  effective: string;
}

/** Waits until the host reports the framed hub loaded (its handshake done). */
export async function waitForHub(page: Page): Promise<void> {
  await page.waitForSelector('#devhost-status[data-state="loaded"]', { timeout: 20_000 });
}

/** Opens the host page with `query` (e.g. `hub=org-settings-hub&theme=light`) and waits for the hub. */
export async function openHub(page: Page, hostUrl: string, query: string): Promise<void> {
  await page.goto(`${hostUrl}?${query}`);
  await waitForHub(page);
}

/** The frame of the hub page `file` (dist/<file>.html) on the host page. */
export function hubFrame(page: Page, file: HubFile): Frame {
  const frame = page.frames().find((f) => new URL(f.url()).pathname.endsWith(`/dist/${file}.html`));
  if (!frame)
    throw new Error(
      `The ${file} hub is not framed; frames: ${page
        .frames()
        .map((f) => f.url())
        .join(", ")}`,
    );
  return frame;
}

/** Every permission cell on screen, read from the hub's DOM. */
export async function matrixCells(frame: Frame): Promise<MatrixCell[]> {
  return frame.$$eval("button[data-permission]", (buttons) =>
    buttons.map((b) => {
      const data = (b as HTMLElement).dataset;
      return { project: data.project ?? "", repository: data.repository, permission: data.permission ?? "", effective: data.effective ?? "" };
    }),
  );
}

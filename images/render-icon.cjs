/**
 * Renders images/icon.svg in headless Chromium, so every icon is a real PNG drawn from the versioned SVG source:
 * - images/icon.png, 128x128 with transparent corners: the Marketplace icon;
 * - images/task-icon.png, 32x32: the pipeline task's icon, which the task picker expects beside task.json at
 *   exactly that size (https://learn.microsoft.com/azure/devops/extend/develop/integrate-build-task).
 * Usage: node images/render-icon.cjs
 */
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

async function main() {
  const svg = fs.readFileSync(path.join(__dirname, "icon.svg"), "utf8");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    for (const [file, size] of [
      ["icon.png", 128],
      ["task-icon.png", 32],
    ]) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      const sized = svg.replace(/(<svg\b[^>]*?)\swidth="\d+"\sheight="\d+"/, `$1 width="${size}" height="${size}"`);
      await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
      const png = await page.locator("svg").screenshot({ omitBackground: true });
      fs.writeFileSync(path.join(__dirname, file), png);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

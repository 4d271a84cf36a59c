/**
 * Renders images/icon.svg to images/icon.png (128x128, transparent corners) in headless Chromium,
 * so the Marketplace icon is a real PNG drawn from the versioned SVG source.
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
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    const png = await page.locator("svg").screenshot({ omitBackground: true });
    fs.writeFileSync(path.join(__dirname, "icon.png"), png);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

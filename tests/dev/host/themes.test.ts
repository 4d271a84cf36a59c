/**
 * The local host's palettes must be complete: azure-devops-ui mixes any variable a theme leaves out with
 * its light default, which makes dark text on a dark background (azure-devops-ui's core/_platformCommon.scss).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DARK_THEME, LIGHT_THEME } from "../../../dev/host/themes";

const ROOT = path.resolve(__dirname, "../../..");

function cssFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return cssFiles(full);
    return entry.name.endsWith(".css") ? [full] : [];
  });
}

function variablesRead(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    for (const match of fs.readFileSync(file, "utf8").matchAll(/var\(--([A-Za-z0-9-]+)/g)) names.add(match[1]);
  }
  return names;
}

const used = variablesRead([...cssFiles(path.join(ROOT, "node_modules/azure-devops-ui")), path.join(ROOT, "src/hubs/hub.css")]);

test.each([
  ["light", LIGHT_THEME],
  ["dark", DARK_THEME],
])("the %s theme defines every CSS variable the hubs read", (_name, theme) => {
  expect(used.size).toBeGreaterThan(50);
  const missing = [...used].filter((name) => !(name in theme)).sort();
  expect(missing).toEqual([]);
});

test("both themes define the same variables", () => {
  expect(Object.keys(DARK_THEME).sort()).toEqual(Object.keys(LIGHT_THEME).sort());
});

/** WCAG relative luminance of an "r, g, b" triple or rgba() color composed over `background`. */
function luminance(rgb: number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function parse(color: string): { rgb: number[]; alpha: number } {
  const parts = color
    .replace(/rgba?\(|\)/g, "")
    .split(",")
    .map((p) => Number(p.trim()));
  return { rgb: parts.slice(0, 3), alpha: parts.length > 3 ? parts[3] : 1 };
}

function over(foreground: string, background: string): number[] {
  const fg = parse(foreground);
  const bg = parse(background).rgb;
  return fg.rgb.map((c, i) => c * fg.alpha + bg[i] * (1 - fg.alpha));
}

function contrast(foreground: string, background: string): number {
  const a = luminance(over(foreground, background));
  const b = luminance(parse(background).rgb);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

test.each([
  ["light", LIGHT_THEME],
  ["dark", DARK_THEME],
])("the %s theme's text is readable on its backgrounds (WCAG AA 4.5:1)", (_name, theme) => {
  for (const background of [theme["background-color"], `rgb(${theme["palette-neutral-2"]})`, `rgb(${theme["palette-neutral-0"]})`]) {
    expect(contrast(theme["text-primary-color"], background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(theme["text-secondary-color"], background)).toBeGreaterThanOrEqual(4.5);
  }
  expect(contrast(theme["text-on-communication-background"], theme["communication-background"])).toBeGreaterThanOrEqual(4.5);
});

// Guards the manifest: every command contributed in package.json is registered in the command table
// (src/vscode/commands/registry.ts) and every registered command is contributed; every menu entry names a
// contributed command; every %key% of package.json is defined in package.nls.json (VS Code would show the key
// itself); in every language, each `command:` link (welcome views, the walkthrough) and each walkthrough step's
// onCommand event names a contributed command, and each walkthrough step's media file and each json/yamlValidation
// schema exists. Run in CI; prints what to fix.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const manifestText = readFileSync('package.json', 'utf8');
const pkg = JSON.parse(manifestText);
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8'));
const registry = readFileSync('src/vscode/commands/registry.ts', 'utf8');
const tableStart = registry.indexOf('COMMANDS');
const registered = new Set([...registry.slice(tableStart).matchAll(/^\s*'(eci\.[A-Za-z.]+)':/gm)].map((m) => m[1]));
const contributed = new Set((pkg.contributes?.commands ?? []).map((c) => c.command));
const problems = [];
for (const id of contributed)
  if (!registered.has(id))
    problems.push(`${id} is contributed in package.json but not registered in src/vscode/commands/registry.ts`);
for (const id of registered)
  if (!contributed.has(id))
    problems.push(`${id} is registered but not contributed in package.json (contributes.commands)`);
for (const [menu, entries] of Object.entries(pkg.contributes?.menus ?? {})) {
  for (const entry of entries) {
    if (entry.command !== undefined && !contributed.has(entry.command))
      problems.push(`menu ${menu} names ${entry.command}, which is not contributed`);
  }
}
for (const [, key] of manifestText.matchAll(/"%([^"%\s]+)%"/g))
  if (typeof nls[key] !== 'string') problems.push(`package.json uses %${key}%, which package.nls.json does not define`);
// Per language (package.nls.json, package.nls.<lang>.json): the manifest's strings as that language shows them.
for (const nlsFile of readdirSync('.').filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f))) {
  const strings = JSON.parse(readFileSync(nlsFile, 'utf8'));
  const text = (value) => (typeof value === 'string' ? value.replace(/^%(.+)%$/, (k, key) => strings[key] ?? k) : '');
  for (const value of Object.values(strings))
    for (const [, id] of value.matchAll(/\(command:([\w.]+)/g))
      if (!contributed.has(id)) problems.push(`${nlsFile}: a link runs command:${id}, which is not contributed`);
  for (const walkthrough of pkg.contributes?.walkthroughs ?? [])
    for (const step of walkthrough.steps) {
      const media = text(step.media?.markdown ?? step.media?.image ?? step.media?.svg);
      if (!existsSync(media)) problems.push(`${nlsFile}: walkthrough step ${step.id}'s media ${media} does not exist`);
      for (const event of step.completionEvents ?? []) {
        const id = /^onCommand:(.+)$/.exec(event)?.[1];
        if (id !== undefined && !contributed.has(id))
          problems.push(`walkthrough step ${step.id} waits for ${id}, which is not contributed`);
      }
    }
  // The schemas other tools validate with (the JSON and YAML extensions), in this language's file.
  for (const kind of ['jsonValidation', 'yamlValidation'])
    for (const { url } of pkg.contributes?.[kind] ?? [])
      if (!existsSync(text(url))) problems.push(`${nlsFile}: ${kind}'s schema ${text(url)} does not exist`);
}
if (problems.length > 0) {
  console.error(`Manifest check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Manifest check: ${contributed.size} commands contributed and registered.`);

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  startPortal,
  tabToSelector,
  type Portal,
} from './support/browser.ts';
import { signIn } from './support/staff.ts';

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal();
});

afterAll(async () => {
  await portal?.close();
});

const bpmn = (name: string, text: string) => ({
  name,
  mimeType: 'application/xml',
  buffer: Buffer.from(text),
});
const withoutStart = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <bpmn:process id="Ohne_Start"><bpmn:task id="A" name="Aufnehmen" /><bpmn:endEvent id="E" />
    <bpmn:sequenceFlow id="F" sourceRef="A" targetRef="E" /></bpmn:process>
</bpmn:definitions>`;
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe('the processes page', () => {
  it('a planner reads the definitions, uploads a BPMN file with an error then a good one and defines a process in the form, by keyboard, in German and English; axe-core reports zero violations', async () => {
    const planner = await createStaff(portal.test.database.db, 'guetersloh', 'planner');
    const watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;
    await signIn(page, planner.email, planner.password);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Prozesse' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Prozesse' }).waitFor();

    // The shipped definition of the ID card, with its steps.
    const list = page.getByRole('table', {
      name: 'Leistungen mit der geltenden Prozessdefinition und ihren Schritten',
    });
    const idCard = list.getByRole('row', { name: /^Personalausweis beantragen/ });
    await expect.poll(() => idCard.textContent()).toContain('Version 1 (aus BPMN-Modell)');
    expect(await idCard.textContent()).toContain(
      'Ausweis bei der Bundesdruckerei bestellen – im Backoffice, Frist 2 Tage',
    );
    await expectNoAxeViolations(page, 'processes (de)');

    // A file without a start event: the summary names the problem, takes the focus, nothing changes.
    await tabToSelector(page, '#process-upload-service', 80);
    await page.locator('#process-upload-service').selectOption('wohnsitz-anmelden');
    await page.getByLabel('BPMN-Datei', { exact: true }).setInputFiles(bpmn('ohne-start.bpmn', withoutStart));
    await page.getByLabel('BPMN-Datei', { exact: true }).focus();
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Modell übernehmen');
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert');
    await expect
      .poll(() => summary.textContent())
      .toContain('Die Datei hat ein Problem; es wurde nichts geändert');
    expect(await summary.textContent()).toContain('Der Prozess Ohne_Start hat kein Startereignis.');
    await expect.poll(() => focusedText(page)).toContain('Der Prozess Ohne_Start hat kein Startereignis.');
    await expectNoAxeViolations(page, 'processes with a refused file (de)');

    // The good file: version 2 of the registration.
    const good = readFileSync(
      new URL('../data/seed/guetersloh/processes/wohnsitz-anmelden.bpmn', import.meta.url),
      'utf8',
    );
    await page.getByLabel('BPMN-Datei', { exact: true }).setInputFiles(bpmn('wohnsitz-anmelden.bpmn', good));
    await page.getByLabel('BPMN-Datei', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText(/ist als Version 2 übernommen/).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect
      .poll(() => list.getByRole('row', { name: /^Wohnung an- oder ummelden/ }).textContent())
      .toContain('Version 2');

    // The simple form: a service without a model, a step without a name, then the steps filled in.
    await page.locator('#process-form-service').focus();
    await page.locator('#process-form-service').selectOption('hundesteuer-anmeldung');
    await page.locator('#process-step-0-name').focus();
    await page.keyboard.type('Anmeldung aufnehmen');
    await page.keyboard.press('Tab');
    await tabToSelector(page, '#process-add-step', 20);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('process-step-2-name');
    await page.keyboard.type('Steuerbescheid erstellen');
    await page.getByRole('button', { name: 'Prozess speichern' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Bitte geben Sie Schritt 2 einen Namen.');
    await page
      .getByRole('alert')
      .getByRole('link', { name: 'Bitte geben Sie Schritt 2 einen Namen.' })
      .press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('process-step-1-name');
    await page.keyboard.type('Im Backoffice prüfen');
    await page.locator('#process-step-2-handoff').check();
    await page.locator('#process-step-2-actor').selectOption('back_office');
    await page.getByRole('button', { name: 'Prozess speichern' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/ist als Version 1 gespeichert/).waitFor();
    await expect
      .poll(() => list.getByRole('row', { name: /^Hund zur Hundesteuer/ }).textContent())
      .toContain('Version 1 (aus dem Formular)');
    await expectNoAxeViolations(page, 'processes after saving (de)');

    // English.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Processes' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Process figures' }).waitFor();
    await expectNoAxeViolations(page, 'processes (en)');
    expectQuietBrowser(watched);
  });
});

import { describe, expect, it } from 'vitest';
import { isEditableElement, isSearchShortcut, type FocusedElement, type ShortcutKeyEvent } from './search-shortcut';

/** An element as the check sees it: its tag, attributes, and whether it sits in a dialog. */
function element(
  tagName: string,
  attributes: Record<string, string> = {},
  options: { isContentEditable?: boolean; inDialog?: boolean } = {},
) {
  const found: FocusedElement = {
    tagName,
    isContentEditable: options.isContentEditable ?? false,
    getAttribute: (name) => attributes[name] ?? null,
    closest: () => (options.inDialog ? found : null),
  };
  return found;
}

const body = element('BODY');

/** The window or the document as an event target: no tag name. */
function windowTarget(): unknown {
  return { addEventListener: () => undefined };
}

function slash(target: unknown, changes: Partial<ShortcutKeyEvent> = {}): ShortcutKeyEvent {
  return { key: '/', ctrlKey: false, metaKey: false, altKey: false, isComposing: false, defaultPrevented: false, target, ...changes };
}

describe('what counts as a field', () => {
  it('is text inputs, text areas, selects, editable content and typing widgets', () => {
    expect(isEditableElement(element('INPUT'))).toBe(true);
    expect(isEditableElement(element('input', { type: 'search' }))).toBe(true);
    expect(isEditableElement(element('INPUT', { type: 'number' }))).toBe(true);
    expect(isEditableElement(element('INPUT', { readonly: '' }))).toBe(true);
    expect(isEditableElement(element('TEXTAREA'))).toBe(true);
    expect(isEditableElement(element('SELECT'))).toBe(true);
    expect(isEditableElement(element('DIV', {}, { isContentEditable: true }))).toBe(true);
    expect(isEditableElement(element('DIV', { role: 'combobox' }))).toBe(true);
    expect(isEditableElement(element('SPAN', { role: 'textbox' }))).toBe(true);
  });

  it('is not buttons, checkboxes, rows or the page', () => {
    expect(isEditableElement(element('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isEditableElement(element('INPUT', { type: 'Radio' }))).toBe(false);
    expect(isEditableElement(element('BUTTON'))).toBe(false);
    expect(isEditableElement(element('TR', { tabindex: '0' }))).toBe(false);
    expect(isEditableElement(body)).toBe(false);
    expect(isEditableElement(null)).toBe(false);
    expect(isEditableElement(windowTarget())).toBe(false);
  });
});

describe('the / shortcut', () => {
  it('acts on a plain / from the page, a table row or a button', () => {
    expect(isSearchShortcut(slash(body), body)).toBe(true);
    const row = element('TR', { tabindex: '0' });
    expect(isSearchShortcut(slash(row), row)).toBe(true);
    expect(isSearchShortcut(slash(element('BUTTON')), null)).toBe(true);
    expect(isSearchShortcut(slash(windowTarget()), body)).toBe(true);
  });

  it('leaves a / typed in a field to that field — the search box itself too', () => {
    const search = element('INPUT', { type: 'text' });
    expect(isSearchShortcut(slash(search), search)).toBe(false);
    const select = element('INPUT', { type: 'search', role: 'combobox' });
    expect(isSearchShortcut(slash(select), select)).toBe(false);
    const notes = element('TEXTAREA');
    expect(isSearchShortcut(slash(notes), notes)).toBe(false);
    // The event's target is the page but the focus is in a field (an event re-dispatched on the document).
    expect(isSearchShortcut(slash(body), search)).toBe(false);
  });

  it('stays out of an open dialog', () => {
    const okButton = element('BUTTON', {}, { inDialog: true });
    expect(isSearchShortcut(slash(okButton), okButton)).toBe(false);
  });

  it('ignores other keys, modifiers, an input method composing, and a key something else took', () => {
    expect(isSearchShortcut(slash(body, { key: '?' }), body)).toBe(false);
    expect(isSearchShortcut(slash(body, { ctrlKey: true }), body)).toBe(false);
    expect(isSearchShortcut(slash(body, { metaKey: true }), body)).toBe(false);
    expect(isSearchShortcut(slash(body, { altKey: true }), body)).toBe(false);
    expect(isSearchShortcut(slash(body, { isComposing: true }), body)).toBe(false);
    expect(isSearchShortcut(slash(body, { key: 'Process' }), body)).toBe(false);
    expect(isSearchShortcut(slash(body, { defaultPrevented: true }), body)).toBe(false);
  });
});

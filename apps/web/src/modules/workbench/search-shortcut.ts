/**
 * The queue's `/` shortcut (focus the keyword search), as GitHub and Gmail have it: it acts only when
 * the key would otherwise do nothing. A `/` pressed in a field is the user's text (a case number
 * such as `XH/2026`, a path in a note) and goes into that field; inside an open dialog the page
 * behind it is not the user's focus.
 *
 * The checks read a few DOM properties through the narrow shapes below, so that they are tested
 * without a browser.
 */

/** The parts of an element the check reads (an `HTMLElement` has them all). */
export interface FocusedElement {
  tagName: string;
  isContentEditable?: boolean;
  getAttribute(name: string): string | null;
  closest(selectors: string): unknown;
}

/** The parts of a `keydown` event the check reads. */
export interface ShortcutKeyEvent {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** An input method (拼音, 五笔) is composing: the key belongs to it. */
  isComposing?: boolean;
  defaultPrevented: boolean;
  target: unknown;
}

/** `<input>` types where a key is not text: a `/` on a focused checkbox or button is free. */
const NON_TEXT_INPUT_TYPES = new Set(['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit']);
/** Roles of widgets that take typed keys themselves (antd's Select search, a spin button, a custom editor). */
const TYPING_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);

function isElement(value: unknown): value is FocusedElement {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FocusedElement).tagName === 'string' &&
    typeof (value as FocusedElement).getAttribute === 'function' &&
    typeof (value as FocusedElement).closest === 'function'
  );
}

/**
 * Whether keys pressed on the element are the user's typing: a text field (read-only ones too —
 * antd's Select keeps one, and the key is still meant for it), a `<select>`, editable content, or
 * a widget with a typing role.
 */
export function isEditableElement(element: unknown): boolean {
  if (!isElement(element)) return false;
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUT_TYPES.has((element.getAttribute('type') ?? 'text').toLowerCase());
  if (element.isContentEditable) return true;
  return TYPING_ROLES.has(element.getAttribute('role') ?? '');
}

/**
 * Whether a `keydown` is the search shortcut: a plain `/` (Shift allowed, for layouts that need
 * it) that nothing else took, pressed while the focus — the event's target and the document's
 * active element — is outside any field and outside any open dialog.
 */
export function isSearchShortcut(event: ShortcutKeyEvent, activeElement: unknown): boolean {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return false;
  if (event.isComposing || event.defaultPrevented) return false;
  for (const focused of [event.target, activeElement]) {
    if (isEditableElement(focused)) return false;
    if (isElement(focused) && focused.closest('[role="dialog"], [aria-modal="true"]')) return false;
  }
  return true;
}

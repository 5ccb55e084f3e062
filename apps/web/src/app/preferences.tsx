import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { i18n, readStoredLanguage, storeLanguage, type Language } from './i18n';

interface Preferences {
  language: Language;
  setLanguage: (language: Language) => void;
  /** 适老化: larger type and controls for older applicants. */
  isLargeText: boolean;
  setLargeText: (isLargeText: boolean) => void;
}

const LARGE_TEXT_STORAGE_KEY = 'yuanqu.largeText';

const PreferencesContext = createContext<Preferences | null>(null);

function readStoredLargeText(): boolean {
  try {
    return window.localStorage.getItem(LARGE_TEXT_STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function storeLargeText(isLargeText: boolean): void {
  try {
    window.localStorage.setItem(LARGE_TEXT_STORAGE_KEY, isLargeText ? 'on' : 'off');
  } catch {
    // Storage may be refused (private browsing); the choice then lasts for this page only.
  }
}

/** Language and large-text mode, remembered in this browser. */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(readStoredLanguage);
  const [isLargeText, setLargeTextState] = useState<boolean>(readStoredLargeText);

  useEffect(() => {
    document.documentElement.lang = language;
    if (i18n.language !== language) void i18n.changeLanguage(language);
  }, [language]);

  useEffect(() => {
    document.documentElement.classList.toggle('large-text', isLargeText);
  }, [isLargeText]);

  const setLanguage = useCallback((next: Language) => {
    storeLanguage(next);
    setLanguageState(next);
  }, []);

  const setLargeText = useCallback((next: boolean) => {
    storeLargeText(next);
    setLargeTextState(next);
  }, []);

  const value = useMemo(() => ({ language, setLanguage, isLargeText, setLargeText }), [language, setLanguage, isLargeText, setLargeText]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const preferences = useContext(PreferencesContext);
  if (!preferences) throw new Error('usePreferences must be used inside PreferencesProvider');
  return preferences;
}

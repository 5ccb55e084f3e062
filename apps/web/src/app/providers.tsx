import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUSLocale from 'antd/es/locale/en_US';
import zhCNLocale from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { isApiError } from './http';
import { PreferencesProvider, usePreferences } from './preferences';
import { buildTheme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refusal (4xx) will not change by asking again; only retry network trouble and 5xx.
      retry: (failureCount, error) => failureCount < 2 && (!isApiError(error) || error.status === 0 || error.status >= 500),
    },
  },
});

const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

/** Whether the system asks for less motion; follows changes while the page is open. */
function useReducedMotion(): boolean {
  const [isReduced, setReduced] = useState(() => window.matchMedia(REDUCED_MOTION_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(REDUCED_MOTION_QUERY);
    const onChange = () => setReduced(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return isReduced;
}

function ThemedConfig({ children }: { children: ReactNode }) {
  const { language, isLargeText } = usePreferences();
  const isReducedMotion = useReducedMotion();
  const theme = useMemo(() => buildTheme(isLargeText, isReducedMotion, language), [isLargeText, isReducedMotion, language]);

  useEffect(() => {
    dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
  }, [language]);

  return (
    <ConfigProvider
      locale={language === 'zh-CN' ? zhCNLocale : enUSLocale}
      theme={theme}
      componentSize={isLargeText ? 'large' : 'middle'}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Data cache, preferences, locale and theme around the whole app. */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <PreferencesProvider>
        <ThemedConfig>{children}</ThemedConfig>
      </PreferencesProvider>
    </QueryClientProvider>
  );
}

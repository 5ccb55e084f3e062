import { App } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router-dom';

/**
 * Never lose typed work silently. While `hasUnsavedChanges()` says so, going to another page (a
 * link, the menu, Back) asks first, with the words of the staff dialogs (放弃 / 继续填写), and a
 * reload or closing the tab gets the browser's own question. `confirmDiscard` asks the same before
 * a drawer or dialog of the page is closed. The question is asked only when it is time to leave,
 * so the check may compare the whole form then.
 */
export function useUnsavedChangesGuard(hasUnsavedChanges: () => boolean, content?: string) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const check = useRef(hasUnsavedChanges);
  check.current = hasUnsavedChanges;

  const ask = useCallback(
    (onDiscard: () => void, onKeep?: () => void) => {
      modal.confirm({
        title: t('common.discardTitle'),
        content: content ?? t('common.discardContent'),
        okText: t('common.discard'),
        okButtonProps: { danger: true },
        cancelText: t('common.keepEditing'),
        autoFocusButton: 'cancel',
        onOk: onDiscard,
        onCancel: onKeep,
      });
    },
    [content, modal, t],
  );

  // Another query string on the same page (a tab, a filter) is no leaving.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && check.current());
  useEffect(() => {
    if (blocker.state === 'blocked') ask(blocker.proceed, blocker.reset);
  }, [ask, blocker]);

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (check.current()) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  /** Runs `discard` at once when nothing would be lost; asks first otherwise. */
  const confirmDiscard = useCallback(
    (discard: () => void) => {
      if (check.current()) ask(discard);
      else discard();
    },
    [ask],
  );
  return { confirmDiscard };
}

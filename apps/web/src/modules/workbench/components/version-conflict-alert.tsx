import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';

/** "Someone else changed this case": shown when the server refused a step for a stale version. */
export function VersionConflictAlert({ onReload, isReloading }: { onReload: () => void; isReloading: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      className="version-conflict"
      style={{ marginBottom: 16 }}
      message={t('workbench.case.conflict.title')}
      description={t('workbench.case.conflict.description')}
      action={
        <Button type="primary" icon={<ReloadOutlined aria-hidden />} loading={isReloading} onClick={onReload}>
          {t('workbench.case.conflict.reload')}
        </Button>
      }
    />
  );
}

import { DeleteOutlined } from '@ant-design/icons';
import type { CaseDetail } from '@yuanqu/shared';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { backupKeyOf, clearBackup } from '../application-backup';
import { useDeleteDraft } from '../hooks/use-cases';

/**
 * 删除草稿: a draft never submitted goes away after a confirmation (a submitted case is withdrawn,
 * with a reason, instead). The tab's copy of unsaved work on it goes too.
 */
export function DeleteDraftButton({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { describe } = useErrorText();
  const navigate = useNavigate();
  const remove = useDeleteDraft(detail.id);

  const confirm = () => {
    modal.confirm({
      title: t('applicant.case.deleteDraftTitle'),
      content: t('applicant.case.deleteDraftContent'),
      okText: t('applicant.case.deleteDraftConfirm'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      autoFocusButton: 'cancel',
      // Resolving keeps the dialog open with its button spinning until the server answers.
      onOk: () =>
        remove.mutateAsync(detail.version).then(
          () => {
            clearBackup(backupKeyOf(detail.serviceItem.id, detail.id));
            message.success(t('applicant.case.draftDeleted'));
            void navigate('/my/cases', { replace: true });
          },
          (error: unknown) => {
            message.error(describe(error));
          },
        ),
    });
  };

  return (
    <Button danger size="large" icon={<DeleteOutlined aria-hidden />} loading={remove.isPending} onClick={confirm}>
      {t('applicant.case.deleteDraft')}
    </Button>
  );
}

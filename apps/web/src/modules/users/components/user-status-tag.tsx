import type { UserStatus } from '@yuanqu/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const STATUS_COLORS: Record<UserStatus, string> = {
  active: 'success',
  disabled: 'default',
  locked: 'error',
};

export function UserStatusTag({ status }: { status: UserStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`userStatus.${status}`)}</Tag>;
}

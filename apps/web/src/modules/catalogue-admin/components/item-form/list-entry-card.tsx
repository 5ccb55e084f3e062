import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** One entry of an editable list (a material, a form field, a checklist point): its title and the move / remove buttons. */
export function ListEntryCard({
  title,
  index,
  count,
  onMove,
  onRemove,
  children,
}: {
  title: ReactNode;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      className="catalogue-list-entry"
      title={title}
      extra={
        <Space size={0}>
          <Tooltip title={t('catalogueAdmin.edit.moveUp')}>
            <Button
              type="text"
              size="small"
              icon={<ArrowUpOutlined />}
              aria-label={t('catalogueAdmin.edit.moveUp')}
              disabled={index === 0}
              onClick={() => onMove(index, index - 1)}
            />
          </Tooltip>
          <Tooltip title={t('catalogueAdmin.edit.moveDown')}>
            <Button
              type="text"
              size="small"
              icon={<ArrowDownOutlined />}
              aria-label={t('catalogueAdmin.edit.moveDown')}
              disabled={index === count - 1}
              onClick={() => onMove(index, index + 1)}
            />
          </Tooltip>
          <Tooltip title={t('common.delete')}>
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={onRemove} />
          </Tooltip>
        </Space>
      }
    >
      {children}
    </Card>
  );
}

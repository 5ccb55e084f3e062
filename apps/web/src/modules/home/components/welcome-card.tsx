import { UserOutlined } from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import { Avatar, Flex, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../../app/preferences';
import { useActiveSession } from '../../auth/hooks/use-session';

/** Who is signed in, in which zone and department, with which roles. */
export function WelcomeCard() {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const { user } = useActiveSession();
  const isChinese = language === 'zh-CN';
  const zone = isChinese ? user.zone.nameZh : user.zone.nameEn;
  const department = user.department ? (isChinese ? user.department.nameZh : user.department.nameEn) : null;

  return (
    <ProCard className="welcome-card">
      <Flex gap={16} align="center" wrap>
        <Avatar size={56} icon={<UserOutlined />} style={{ backgroundColor: '#1b5fcc', flex: 'none' }} />
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('home.greeting', { name: user.displayName })}
          </Typography.Title>
          <Typography.Text type="secondary">{department ? t('home.zoneAndDepartment', { zone, department }) : zone}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <Space size={[4, 4]} wrap>
              {user.roles.map((role) => (
                <Tag key={role} color="blue" bordered={false}>
                  {t(`roles.${role}`)}
                </Tag>
              ))}
            </Space>
          </div>
        </div>
      </Flex>
    </ProCard>
  );
}

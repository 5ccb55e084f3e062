import { Result } from 'antd';

/** Placeholder until this page is built. */
export function CaseWorkPage() {
  return <Result status="info" title="CaseWorkPage" />;
}

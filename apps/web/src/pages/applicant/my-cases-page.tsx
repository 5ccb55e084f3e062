import { Result } from 'antd';

/** Placeholder until this page is built. */
export function MyCasesPage() {
  return <Result status="info" title="MyCasesPage" />;
}

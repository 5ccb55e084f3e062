import * as applicant from '../../modules/applicant/messages';
import * as catalogueAdmin from '../../modules/catalogue-admin/messages';
import * as inspection from '../../modules/inspection/messages';
import * as workbench from '../../modules/workbench/messages';
import { enUS } from './en-us';
import { zhCN } from './zh-cn';

/**
 * Every text of the app by language. The shell's texts live in `zh-cn.ts` / `en-us.ts`; each
 * business area keeps its own in `modules/<area>/messages.ts`, under its own key.
 */
export const translations = {
  'zh-CN': {
    ...zhCN,
    applicant: applicant.zhCN,
    workbench: workbench.zhCN,
    catalogueAdmin: catalogueAdmin.zhCN,
    inspection: inspection.zhCN,
  },
  'en-US': {
    ...enUS,
    applicant: applicant.enUS,
    workbench: workbench.enUS,
    catalogueAdmin: catalogueAdmin.enUS,
    inspection: inspection.enUS,
  },
};

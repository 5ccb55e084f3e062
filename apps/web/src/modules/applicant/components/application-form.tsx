import { ExclamationCircleOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import type { CaseDetail, FormField, ServiceItem } from '@yuanqu/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker, useNavigate } from 'react-router-dom';
import { isApiError } from '../../../app/http';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { createDraft, resubmitCase, submitCase, updateDraft } from '../api';
import {
  attachedOf,
  sortDeficiencies,
  sortProblems,
  toAnswers,
  toFormData,
  toMaterialIds,
  unchangedDeficiencies,
  type Answers,
  type AttachedFile,
  type AttachedMaterials,
} from '../application-values';
import { backupKeyOf, clearBackup, readBackup, restorableWork, savedCopyOf, writeBackup, type RestoredWork } from '../application-backup';
import { formatMoment } from '../dates';
import { storeCase } from '../hooks/use-cases';
import { useMaterialUploads } from '../hooks/use-material-uploads';
import { CorrectionNotice, useTargetName } from './correction-notice';
import { FormFieldControl, numberLimitText } from './form-field-control';
import { MaterialUploadField } from './material-upload-field';
import '../applicant.css';

type Busy = 'save' | 'submit' | null;

/** The server's reason for refusing a form answer, in words. */
function useFieldReasonText() {
  const { t } = useTranslation();
  return (reason: string, field: FormField): string => {
    if (reason === 'minimum' && field.min !== undefined) return numberLimitText(field, 'min', t);
    if (reason === 'maximum' && field.max !== undefined) return numberLimitText(field, 'max', t);
    return t(`applicant.reasons.${reason}`, { defaultValue: t('applicant.reasons.invalid') });
  };
}

function scrollToMaterial(key: string): void {
  document.getElementById(`material-${key}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
}

/**
 * The application for one item: its form (data from the catalogue) and its materials, saved as a
 * draft, submitted, or — when the case has a correction notice — resubmitted with the notice's
 * deficiencies shown beside what they name. Answers and uploaded files stay on the page whatever a
 * request answers; leaving with unsaved work asks first.
 */
export function ApplicationForm({ item, initialCase }: { item: ServiceItem; initialCase: CaseDetail | null }) {
  const { t, i18n } = useTranslation();
  const { describe } = useErrorText();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fieldReasonText = useFieldReasonText();
  const targetName = useTargetName(item.form, item.materials);
  const [form] = Form.useForm<Answers>();
  const initialAnswers = useMemo(() => toAnswers(item.form, initialCase?.formData ?? {}), [item.form, initialCase]);
  // What a dropped page or a refused save left behind in this tab, laid over the server's copy.
  const [restored, setRestored] = useState<RestoredWork | null>(() =>
    restorableWork(readBackup(backupKeyOf(item.id, initialCase?.id ?? null)), initialCase && savedCopyOf(initialCase)),
  );
  const [firstAnswers] = useState(() => (restored ? toAnswers(item.form, restored.formData) : initialAnswers));

  const [currentCase, setCurrentCase] = useState<CaseDetail | null>(initialCase);
  const [materials, setMaterials] = useState<AttachedMaterials>(
    () => restored?.materials ?? (initialCase ? attachedOf(initialCase.materials) : {}),
  );
  const [materialReasons, setMaterialReasons] = useState<Map<string, string[]>>(new Map());
  const [hasTriedSubmit, setTriedSubmit] = useState(false);
  const [fieldErrorCount, setFieldErrorCount] = useState(0);
  const [pageError, setPageError] = useState<unknown>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const isDirty = useRef(restored !== null);
  const isLeavingOnPurpose = useRef(false);
  const backupKey = backupKeyOf(item.id, currentCase?.id ?? null);
  const latestMaterials = useRef(materials);
  latestMaterials.current = materials;
  const latestCase = useRef(currentCase);
  latestCase.current = currentCase;
  const backupTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** Copies the work into this tab's storage a moment after it changes. */
  const backUpNow = useCallback(() => {
    clearTimeout(backupTimer.current);
    if (!isDirty.current) return;
    const base = latestCase.current;
    writeBackup(backupKey, {
      savedAt: new Date().toISOString(),
      formData: toFormData(item.form, form.getFieldsValue(true) as Answers),
      materials: latestMaterials.current,
      ...(base && { base: savedCopyOf(base) }),
    });
  }, [backupKey, form, item.form]);
  const scheduleBackup = useCallback(() => {
    clearTimeout(backupTimer.current);
    backupTimer.current = setTimeout(backUpNow, 400);
  }, [backUpNow]);
  // A reload, a closed tab or a phone putting the page away: copy the work at once, not 400 ms later.
  const latestBackUpNow = useRef(backUpNow);
  latestBackUpNow.current = backUpNow;
  useEffect(() => {
    const onPageHide = () => latestBackUpNow.current();
    window.addEventListener('pagehide', onPageHide);
    return () => window.removeEventListener('pagehide', onPageHide);
  }, []);
  useEffect(() => () => clearTimeout(backupTimer.current), []);
  useEffect(() => {
    if (isDirty.current) scheduleBackup();
  }, [materials, scheduleBackup]);

  /** The work is on the server now: the copy is not needed any more. */
  const forgetBackup = useCallback(() => {
    clearTimeout(backupTimer.current);
    clearBackup(backupKeyOf(item.id, null));
    if (currentCase) clearBackup(backupKeyOf(item.id, currentCase.id));
    setRestored(null);
  }, [currentCase, item.id]);

  const discardRestored = () => {
    form.setFieldsValue(Object.fromEntries(item.form.map((field) => [field.key, initialAnswers[field.key]])));
    setMaterials(initialCase ? attachedOf(initialCase.materials) : {});
    clearBackup(backupKeyOf(item.id, currentCase?.id ?? null));
    isDirty.current = false;
    setRestored(null);
  };

  const notesRef = useRef<HTMLDivElement>(null);
  const isCorrection = currentCase?.status === 'correction_requested';
  const deficiencies = useMemo(() => sortDeficiencies(currentCase?.correction?.deficiencies ?? []), [currentCase]);

  const onUploaded = useCallback((key: string, file: AttachedFile) => {
    isDirty.current = true;
    setMaterials((current) => ({ ...current, [key]: file }));
    setMaterialReasons((current) => {
      const next = new Map(current);
      next.delete(key);
      return next;
    });
  }, []);
  const uploads = useMaterialUploads(onUploaded);
  const isUploading = useRef(false);
  isUploading.current = uploads.isBusy;

  // Never lose work: ask before leaving with unsaved answers or files still uploading.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      !isLeavingOnPurpose.current && (isDirty.current || isUploading.current) && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('applicant.application.leaveTitle'),
      content: t('applicant.application.leaveContent'),
      okText: t('applicant.application.leave'),
      okButtonProps: { danger: true },
      cancelText: t('applicant.application.stay'),
      autoFocusButton: 'cancel',
      onOk: () => {
        // The user chose to drop the work: the tab's copy goes with it.
        clearTimeout(backupTimer.current);
        clearBackup(backupKey);
        blocker.proceed();
      },
      onCancel: () => blocker.reset(),
    });
  }, [backupKey, blocker, modal, t]);
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (isDirty.current || isUploading.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const countFieldErrors = () => form.getFieldsError().filter((field) => field.errors.length > 0).length;
  const isMissing = (key: string) =>
    hasTriedSubmit && !materials[key] && item.materials.some((material) => material.key === key && material.isRequired);
  const problemCount =
    fieldErrorCount + item.materials.filter((material) => isMissing(material.key) || materialReasons.has(material.key)).length;

  /** Shows each of the server's field problems on its field or material; the rest above the buttons. */
  function showError(error: unknown): void {
    setPageError(error);
    if (!isApiError(error) || error.fields.length === 0) return;
    const sorted = sortProblems(error.fields);
    const fieldsByKey = new Map(item.form.map((field) => [field.key, field]));
    const formErrors = [...sorted.form.entries()].flatMap(([key, reasons]) => {
      const field = fieldsByKey.get(key);
      return field ? [{ name: key, errors: reasons.map((reason) => fieldReasonText(reason, field)) }] : [];
    });
    form.setFields(formErrors);
    setFieldErrorCount(countFieldErrors());
    setMaterialReasons(new Map(sorted.materials));
    const firstField = formErrors[0]?.name;
    const firstMaterial = [...sorted.materials.keys()][0];
    if (firstField) form.scrollToField(firstField, { behavior: 'smooth', block: 'center' });
    else if (firstMaterial) scrollToMaterial(firstMaterial);
  }

  function clearErrors(): void {
    setPageError(null);
    setMaterialReasons(new Map());
  }

  /** Saves the draft (creating it the first time); the page then carries the draft's address. */
  async function saveDraft(willNavigate: boolean): Promise<CaseDetail> {
    const formData = toFormData(item.form, form.getFieldsValue(true) as Answers);
    const materialIds = toMaterialIds(materials);
    const saved = currentCase
      ? await updateDraft(currentCase.id, { formData, materials: materialIds, version: currentCase.version })
      : await createDraft({ serviceItemId: item.id, formData, materials: materialIds });
    storeCase(queryClient, saved);
    setCurrentCase(saved);
    isDirty.current = false;
    clearTimeout(backupTimer.current);
    clearBackup(backupKeyOf(item.id, null));
    clearBackup(backupKeyOf(item.id, saved.id));
    setRestored(null);
    if (!currentCase && !willNavigate) {
      isLeavingOnPurpose.current = true;
      await navigate(`/my/cases/${saved.id}/edit`, { replace: true, preventScrollReset: true });
      isLeavingOnPurpose.current = false;
    }
    return saved;
  }

  async function onSaveDraft(): Promise<void> {
    clearErrors();
    setBusy('save');
    try {
      await saveDraft(false);
      message.success(t('applicant.application.saved'));
    } catch (error) {
      // Refused (changed elsewhere, signed out, offline): the tab keeps a copy for the reload the message suggests.
      backUpNow();
      showError(error);
    } finally {
      setBusy(null);
    }
  }

  /** Checks here first what the server would refuse, so that the user sees every gap at once. */
  async function checkBeforeSubmit(): Promise<boolean> {
    const missing = item.materials.filter((material) => material.isRequired && !materials[material.key]).map((material) => material.key);
    setTriedSubmit(true);
    let fieldProblems = 0;
    try {
      await form.validateFields();
    } catch (failure) {
      const errorFields = (failure as { errorFields?: Array<{ name: Array<string | number> }> }).errorFields ?? [];
      fieldProblems = errorFields.length;
      const first = errorFields[0]?.name;
      if (first) form.scrollToField(first, { behavior: 'smooth', block: 'center' });
    }
    if (fieldProblems === 0 && missing[0]) scrollToMaterial(missing[0]);
    setFieldErrorCount(fieldProblems);
    return fieldProblems === 0 && missing.length === 0;
  }

  /** Asks before sending a correction that leaves items of the notice as they were; resolves true to send. */
  function confirmUnchanged(): Promise<boolean> {
    if (!isCorrection || !currentCase) return Promise.resolve(true);
    const unchanged = unchangedDeficiencies(deficiencies, savedCopyOf(currentCase), {
      formData: toFormData(item.form, form.getFieldsValue(true) as Answers),
      materials,
    });
    if (unchanged.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      modal.confirm({
        title: t('applicant.application.unchangedTitle', { count: unchanged.length }),
        content: t('applicant.application.unchangedContent', {
          names: unchanged.map(targetName).join(t('applicant.application.listSeparator')),
        }),
        okText: t('applicant.application.unchangedSend'),
        cancelText: t('applicant.application.unchangedBack'),
        autoFocusButton: 'cancel',
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
  }

  async function onSubmit(): Promise<void> {
    clearErrors();
    if (!(await checkBeforeSubmit())) return;
    if (!(await confirmUnchanged())) return;
    setBusy('submit');
    let createdDraftId: string | null = null;
    try {
      let result: CaseDetail;
      if (isCorrection && currentCase) {
        result = await resubmitCase(currentCase.id, {
          version: currentCase.version,
          formData: toFormData(item.form, form.getFieldsValue(true) as Answers),
          materials: toMaterialIds(materials),
        });
        message.success(t('applicant.application.resubmitted'));
      } else {
        const saved = await saveDraft(true);
        if (!currentCase) createdDraftId = saved.id;
        result = await submitCase(saved.id, saved.version);
        message.success(t('applicant.application.submitted', { number: result.number ?? '' }));
      }
      storeCase(queryClient, result);
      setCurrentCase(result);
      isDirty.current = false;
      forgetBackup();
      isLeavingOnPurpose.current = true;
      // The form is done with: Back from the case goes to where the applicant came from, not to a closed form.
      await navigate(`/my/cases/${result.id}`, { replace: true });
    } catch (error) {
      showError(error);
      // The draft was saved before the submission failed: give the page the draft's address.
      if (createdDraftId) await navigate(`/my/cases/${createdDraftId}/edit`, { replace: true, preventScrollReset: true });
      isLeavingOnPurpose.current = false;
    } finally {
      setBusy(null);
    }
  }

  const removeMaterial = (key: string) => {
    isDirty.current = true;
    setMaterials((current) => {
      const next = { ...current };
      delete next[key];
      return next;
    });
  };

  const otherProblems = isApiError(pageError) ? sortProblems(pageError.fields).other : [];
  const showPageError =
    !!pageError && (problemCount === 0 || otherProblems.length > 0 || !isApiError(pageError) || pageError.code !== 'VALIDATION_FAILED');

  // A refusal that names no field (changed elsewhere, offline …) shows above the bar, not in it: bring
  // it into view. One that names fields has already scrolled to the first of them.
  const isPageErrorAlone = showPageError && problemCount === 0;
  useEffect(() => {
    if (isPageErrorAlone) notesRef.current?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }, [isPageErrorAlone, pageError]);

  /** The bar's problem count leads to the first field or material that needs the applicant. */
  function scrollToFirstProblem(): void {
    const firstField = form.getFieldsError().find((field) => field.errors.length > 0)?.name;
    if (firstField) {
      form.scrollToField(firstField, { behavior: 'smooth', block: 'center' });
      return;
    }
    const firstMaterial = item.materials.find((material) => isMissing(material.key) || materialReasons.has(material.key));
    if (firstMaterial) scrollToMaterial(firstMaterial.key);
  }

  return (
    <div className="applicant-stack">
      {restored && (
        <Alert
          type="info"
          showIcon
          message={t(restored.isMerged ? 'applicant.application.restoredOverNewer' : 'applicant.application.restored', {
            time: formatMoment(restored.savedAt, i18n.language),
          })}
          description={
            restored.conflicts.fields.length + restored.conflicts.materials.length > 0
              ? t('applicant.application.restoredConflicts', {
                  names: [
                    ...restored.conflicts.fields.map((key) => targetName(`form.${key}`)),
                    ...restored.conflicts.materials.map((key) => targetName(key)),
                  ].join(t('applicant.application.listSeparator')),
                })
              : undefined
          }
          action={
            <Button size="small" onClick={discardRestored}>
              {t('applicant.application.discardRestored')}
            </Button>
          }
        />
      )}
      {isCorrection && currentCase?.correction && (
        <CorrectionNotice correction={currentCase.correction} fields={item.form} materials={item.materials} />
      )}
      {!isCorrection && (
        <Typography.Text type="secondary" style={{ fontSize: '0.93em' }}>
          {t('applicant.application.draftHint')}
        </Typography.Text>
      )}
      {isCorrection && (
        <Typography.Text type="secondary" style={{ fontSize: '0.93em' }}>
          {t('applicant.application.correctionHint')}
        </Typography.Text>
      )}

      {item.form.length > 0 && (
        <Card className="applicant-card" title={t('applicant.application.formSection')}>
          <Form<Answers>
            form={form}
            layout="vertical"
            className="application-form"
            initialValues={firstAnswers}
            onValuesChange={() => {
              isDirty.current = true;
              scheduleBackup();
            }}
            onFieldsChange={() => setFieldErrorCount(countFieldErrors())}
            scrollToFirstError
            requiredMark
          >
            {item.form.map((field) => (
              <FormFieldControl key={field.key} field={field} deficiencies={deficiencies.form.get(field.key)} />
            ))}
          </Form>
        </Card>
      )}

      {item.materials.length > 0 && (
        <Card className="applicant-card" title={t('applicant.application.materialsSection')}>
          {item.materials.map((material, index) => (
            <MaterialUploadField
              key={material.key}
              material={material}
              index={index}
              attached={materials[material.key]}
              status={uploads.statuses[material.key]}
              serverReasons={materialReasons.get(material.key) ?? []}
              isMissing={isMissing(material.key)}
              deficiencies={deficiencies.materials.get(material.key)}
              onChoose={(file) => {
                isDirty.current = true;
                uploads.start(material, file);
              }}
              onResume={() => uploads.resume(material.key)}
              onCancel={() => uploads.cancel(material.key)}
              onRemove={() => removeMaterial(material.key)}
            />
          ))}
        </Card>
      )}

      {(uploads.isBusy || showPageError) && (
        // In the page, above the bar, not in it: the bar stays one row high on a phone (see applicant.css).
        <div ref={notesRef} className="applicant-action-notes">
          {uploads.isBusy && <Alert type="info" showIcon message={t('applicant.application.uploadsRunning')} />}
          {showPageError && <Alert type="error" showIcon message={describe(pageError)} />}
        </div>
      )}
      <div className="applicant-action-bar">
        <div className="applicant-action-buttons">
          {problemCount > 0 && (
            <Button
              danger
              size="large"
              className="applicant-action-problems"
              icon={<ExclamationCircleOutlined aria-hidden />}
              aria-label={t('applicant.application.problemsJump', { count: problemCount })}
              title={t('applicant.application.problems', { count: problemCount })}
              onClick={scrollToFirstProblem}
            >
              <span>
                {problemCount}
                <span className="applicant-action-problems-words">{t('applicant.application.problemsShort', { count: problemCount })}</span>
              </span>
            </Button>
          )}
          {!isCorrection && (
            <Button
              size="large"
              icon={<SaveOutlined aria-hidden />}
              loading={busy === 'save'}
              disabled={uploads.isBusy || busy !== null}
              onClick={() => void onSaveDraft()}
            >
              {t('applicant.application.saveDraft')}
            </Button>
          )}
          <Button
            type="primary"
            size="large"
            className="applicant-action-primary"
            icon={<SendOutlined aria-hidden />}
            loading={busy === 'submit'}
            disabled={uploads.isBusy || busy !== null}
            onClick={() => void onSubmit()}
          >
            {isCorrection ? t('applicant.application.resubmit') : t('applicant.application.submit')}
          </Button>
        </div>
      </div>
    </div>
  );
}

import { computed, ref, unref } from 'vue';
import { useI18n } from 'vue-i18n';
import { kMaxAttachmentNameLength, listAttachments, uploadAttachment } from '../../api/hardship.js';
import { formatBytes } from '../../format.js';
import { useLatestRequest } from '../../composables/useLatestRequest.js';
import { useRulesStore } from '../../stores/rules.js';

/** Types the server accepts (it judges by the bytes; the picker offers these). */
export const kAttachmentAccept = '.jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf';

const kWorkerUsername = /^1\d{10}$/;

/** A name the server takes: at most kMaxAttachmentNameLength characters, the extension kept. */
export function attachmentName(name) {
  const chars = Array.from(String(name || '').trim());
  if (chars.length <= kMaxAttachmentNameLength) return chars.join('');
  const dot = chars.lastIndexOf('.');
  const ext = dot > 0 && chars.length - dot <= 8 ? chars.slice(dot) : [];
  return [...chars.slice(0, kMaxAttachmentNameLength - ext.length), ...ext].join('');
}

export const isImage = (attachment) => String(attachment?.content_type || '').startsWith('image/');

/**
 * The attachments of one file (`fileId`: a number or a ref) and their upload: `items` as the
 * server lists them, `listError` when the list failed, `uploadError` when the last upload was
 * refused (in the browser for an empty or too large file, else in the server's words), and
 * `maxSize`, the server's bound on one attachment as text ('—' until it is known).
 */
export function useAttachments(fileId) {
  const { t } = useI18n();
  const items = ref([]);
  const loading = ref(false);
  const listError = ref('');
  const uploading = ref(false);
  const uploadError = ref('');
  const latest = useLatestRequest();
  const rules = useRulesStore();
  rules.load();
  const maxSize = computed(() => formatBytes(rules.limit('attachment_max_bytes')) || '—');

  async function load() {
    const id = unref(fileId);
    if (!id) return;
    const isCurrent = latest.begin();
    loading.value = true;
    try {
      const answer = await listAttachments(id);
      if (!isCurrent()) return;
      items.value = answer.items || [];
      listError.value = '';
    } catch (failure) {
      if (isCurrent()) listError.value = failure.message;
    } finally {
      if (isCurrent()) loading.value = false;
    }
  }

  /** Uploads `file` as `kind`; resolves to the new attachment, or null when it was refused. */
  async function upload(file, kind) {
    uploadError.value = '';
    if (!file || file.size === 0) {
      uploadError.value = t('attachments.empty');
      return null;
    }
    const maxBytes = rules.limit('attachment_max_bytes');
    if (maxBytes !== undefined && file.size > maxBytes) {
      uploadError.value = t('attachments.tooLarge', { size: formatBytes(file.size), max: maxSize.value });
      return null;
    }
    uploading.value = true;
    try {
      const added = await uploadAttachment(unref(fileId), file, { kind, name: attachmentName(file.name) });
      await load();
      return added;
    } catch (failure) {
      uploadError.value = failure.message;
      return null;
    } finally {
      uploading.value = false;
    }
  }

  /** Who uploaded: a worker's account is named by the phone, which is shown masked elsewhere. */
  function uploaderName(username) {
    return kWorkerUsername.test(username || '') ? t('attachments.byWorker') : username;
  }

  return { items, loading, listError, uploading, uploadError, maxSize, load, upload, uploaderName };
}

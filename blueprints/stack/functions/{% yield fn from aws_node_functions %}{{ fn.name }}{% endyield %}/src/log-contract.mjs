/**
 * The stack's log contract for Powertools' Logger: the keys, levels and request ids of every unit.
 */
import { randomBytes } from 'node:crypto';
import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const LEVELS = { TRACE: 'debug', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error', CRITICAL: 'error' };

/** Keep a well-formed id (1-128 of A-Z a-z 0-9 . _ : -); otherwise make one of 32 lowercase hex digits. */
export const resolveRequestId = (value) =>
  typeof value === 'string' && REQUEST_ID.test(value) ? value : randomBytes(16).toString('hex');

/**
 * Powertools' JSON lines keyed like every other unit's: time (UTC), level, msg, service and
 * request_id (Powertools' correlation id), then the Lambda context and the call's own keys.
 */
export class ContractFormatter extends LogFormatter {
  formatAttributes(attributes, additionalLogAttributes) {
    const { correlation_id: requestId, ...rest } = additionalLogAttributes;
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        time: attributes.timestamp.toISOString(),
        level: LEVELS[attributes.logLevel] ?? 'error',
        msg: attributes.message,
        service: attributes.serviceName,
        request_id: requestId,
        cold_start: context?.coldStart,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(rest);
  }
}

/** A Powertools Logger for SERVICENAME that writes the contract's keys. */
export const createLogger = (serviceName) =>
  new Logger({ serviceName, logFormatter: new ContractFormatter() });
